"""Fixtures of the scheduling tests: the test site served by ServerThread (pages the tests rewrite between
scans), registered sites, a data folder of the test's own, and fresh databases for multi-process tests."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from schedkit import T0, SiteFiles, postgres_url

from govwatch.sample.server import ServerThread


@pytest.fixture
def site_files(tmp_path: Path) -> SiteFiles:
    """The test site written to a fresh folder."""
    files = SiteFiles(tmp_path / "site")
    files.write()
    return files


@pytest.fixture
def server(site_files: SiteFiles) -> Iterator[ServerThread]:
    """ServerThread serving the test site for Host 127.0.0.1 (and fault routes)."""
    with ServerThread(roots={"127.0.0.1": site_files.root}, default_root=None) as srv:
        yield srv


@pytest.fixture
def data_dir(tmp_path: Path, settings: object) -> Path:
    """Reports of this test go to its own folder (``settings.GOVWATCH.data_dir``)."""
    folder = tmp_path / "data"
    folder.mkdir()
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=folder)  # type: ignore[attr-defined]
    return folder


@pytest.fixture
def make_site(data_dir: Path) -> Callable[..., object]:
    """``make_site(home_url, name=…, schedules=True, **fields)`` → a registered Site; with ``schedules``
    its full and incremental schedules are created due at ``T0`` (registry_io.ensure_site_monitoring)."""
    from govwatch.services.registry_io import ensure_site_monitoring
    from govwatch.storage.models import Site, Unit

    def make(home_url: str, name: str = "测试县人民政府", schedules: bool = True, **fields: object) -> Site:
        unit, _ = Unit.objects.get_or_create(name="测试县人民政府办公室", defaults={"level": "县"})
        site = Site.objects.create(name=name, home_url=home_url, unit=unit, level="县", **fields)
        if schedules:
            ensure_site_monitoring(site, T0)
        return site

    return make


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """For tests whose processes share a database of their own: '' (file-based SQLite in the data
    folder, as deployed) or a fresh PostgreSQL database, dropped afterwards."""
    if request.param == "sqlite":
        yield ""
        return
    base = postgres_url()
    if base is None:
        pytest.skip("no PostgreSQL URL (GOVWATCH_TEST_POSTGRES_URL / DATABASE_URL) for the PostgreSQL run")
    import psycopg

    name = f"govwatch_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
