"""Helpers of the 防篡改巡检 tests: the deface fixture homepages (tests/security/site/deface/v1…v4) served
from a folder under a host of the reserved ``.invalid`` domain (reachable only through GOVWATCH_RESOLVE),
the notification endpoint that can fail and come back is tests/notifyhook.py."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from seckit import SITE

HOST = "www.deface-watch.invalid"  # RFC 6761: never resolves, so only a --resolve pin reaches it
VERSIONS = SITE / "deface"
T0 = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def put(root: Path, version: str) -> None:
    """Serve fixture homepage ``version`` ('v1' … 'v4') as the site's index.html."""
    shutil.copy(VERSIONS / f"{version}.html", root / "index.html")


def take_down(root: Path) -> None:
    """Remove the homepage (the server answers 404)."""
    (root / "index.html").unlink(missing_ok=True)


