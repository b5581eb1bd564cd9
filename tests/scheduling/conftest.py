"""Fixtures of the scheduling tests: a small government site on disk served by ServerThread (pages the
tests rewrite between scans), registered sites, and a data folder of the test's own.

Time is explicit: ``T0`` is 2026-05-11 10:00 Beijing time; tests pass ``now`` values into the services.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from govwatch.sample.server import ServerThread

T0 = datetime(2026, 5, 11, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
LEASE = 300.0

_HEAD = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
_FOOT = ('<div class="footer"><p>主办单位：测试县人民政府办公室 电话：0791-12345678</p>'
         '<p>网站标识码：3601990001 赣ICP备10000001号</p></div></body></html>')


def _list(title: str, prefix: str, days: Sequence[date]) -> str:
    rows = "".join(f'<li><a href="{prefix}{i + 1}.html">{title}第{i + 1}条信息</a><span>{d.isoformat()}</span></li>'
                   for i, d in enumerate(days))
    return _HEAD.format(title=title) + f"<h2>{title}</h2><ul class=\"list\">{rows}</ul>" + _FOOT


class SiteFiles:
    """The test site: homepage (news column, 政务公开 page, ``dead`` links), /xwdt/ news list,
    /zwgk/ (one click from home) linking the notice list /zwgk/tzgg/ (two clicks from home)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, dead: Sequence[str] = ("/gone.html",), notice_days: Sequence[date] | None = None,
              home: bool = True) -> None:
        """(Re)write every page; ``home=False`` leaves the homepage out (it answers 404)."""
        day = T0.date()
        notice_days = notice_days or [day - timedelta(days=n) for n in (3, 10, 20)]
        links = "".join(f'<li><a href="{url}">失效链接{i + 1}</a></li>' for i, url in enumerate(dead))
        pages = {
            "index.html": _HEAD.format(title="测试县人民政府") + '<div class="nav"><ul><li><a href="/">首页</a></li>'
            '<li><a href="/xwdt/">新闻动态</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>'
            f'<ul class="links">{links}</ul>' + _FOOT,
            "xwdt/index.html": _list("新闻动态", "/xwdt/", [day - timedelta(days=n) for n in (1, 2, 4)]),
            "zwgk/index.html": _HEAD.format(title="政务公开") + '<p><a href="/zwgk/tzgg/">通知公告</a></p>' + _FOOT,
            "zwgk/tzgg/index.html": _list("通知公告", "/zwgk/tzgg/", notice_days),
        }
        for i in range(3):
            pages[f"xwdt/{i + 1}.html"] = _HEAD.format(title="新闻") + "<p>正文</p>" + _FOOT
            pages[f"zwgk/tzgg/{i + 1}.html"] = _HEAD.format(title="通知") + "<p>正文</p>" + _FOOT
        for name, html in pages.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        if not home:
            (self.root / "index.html").unlink()


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


def _postgres_url() -> str | None:
    for name in ("GOVWATCH_TEST_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """For tests whose processes share a database of their own: '' (file-based SQLite in the data
    folder, as deployed) or a fresh PostgreSQL database, dropped afterwards."""
    if request.param == "sqlite":
        yield ""
        return
    base = _postgres_url()
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


def process_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a govwatch process on its own data folder and database ('' = SQLite there)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GOVWATCH_DATA_DIR=str(data_dir), **extra)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env
