"""Fixtures shared by every test package: the real-corpus folder and the sample HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.sample.server import ServerThread

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or skip: the real pages live beside the repository, never in it."""
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (../shared is absent on this machine)")
    return CORPUS


@pytest.fixture
def sample_server() -> Iterator[ServerThread]:
    """The bundled sample site and fault routes on 127.0.0.1:<free port>."""
    with ServerThread() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _post_proofreader_restored() -> Iterator[None]:
    """Each test starts and ends with the same post proofreader registered in checks.account_proofread
    (the CLI, ``govwatch serve`` and the Celery tasks plug the engine in process-wide; a test that runs
    them must not change what later tests find)."""
    from govwatch.checks import account_proofread

    saved = account_proofread._proofreader
    yield
    account_proofread.register_proofreader(saved)


@pytest.fixture(autouse=True)
def _django_cache_cleared() -> Iterator[None]:
    """Each test starts with an empty Django cache: the dashboard caches finished days' availability, and
    a tally cached by one test's data must not show up in another's."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
    yield
