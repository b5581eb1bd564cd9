"""Helpers of the scheduling tests (a uniquely named module, so no other test folder's helpers shadow it):
the explicit clock ``T0``, the lease, the test site's pages, and the environment of govwatch processes.

``T0`` is 2026-05-11 10:00 Beijing time; tests pass ``now`` values into the services.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


def postgres_url() -> str | None:
    """A PostgreSQL server URL from GOVWATCH_TEST_POSTGRES_URL or DATABASE_URL, or None."""
    for name in ("GOVWATCH_TEST_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def process_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a govwatch process on its own data folder and database ('' = SQLite there)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GOVWATCH_DATA_DIR=str(data_dir), **extra)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env
