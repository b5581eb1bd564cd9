"""Fixtures of the security tests: the fixture site served on 127.0.0.1 for the whole module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from seckit import SITE

from govwatch.sample.server import ServerThread


@pytest.fixture(scope="module")
def site_server() -> Iterator[ServerThread]:
    """tests/security/site on 127.0.0.1:<free port>, for any Host header."""
    with ServerThread(default_root=SITE) as srv:
        yield srv
