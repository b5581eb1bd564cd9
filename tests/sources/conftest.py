"""Fixtures of the collector tests: the real new-media samples, and a server over a temporary root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.sample.server import ServerThread


@pytest.fixture(scope="session")
def newmedia(corpus: Path) -> Path:
    """../shared/corpus/newmedia (skips with the reason when the corpus is absent)."""
    return corpus / "newmedia"


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    """An empty folder served as the web root of 127.0.0.1 by ``server``."""
    root = tmp_path / "www"
    root.mkdir()
    return root


@pytest.fixture
def server(web_root: Path) -> Iterator[ServerThread]:
    """The sample server with ``web_root`` as the root of host 127.0.0.1 (fault routes work too)."""
    with ServerThread(roots={"127.0.0.1": web_root}) as srv:
        yield srv
