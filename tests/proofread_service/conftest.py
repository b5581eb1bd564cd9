"""Fixtures of the proofreading-service tests: a small government site with proofreading problems served on
127.0.0.1 under a real-looking host name (reached through --resolve / CrawlOptions.resolve)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from proofkit import BAD, CLEAN, FILLER, HOST, article

from govwatch.sample.server import ServerThread


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """Homepage (clean) linking to one article with a wrong title, an outdated name and an ID number, and
    to one clean article."""
    root = tmp_path / "site"
    (root / "art").mkdir(parents=True)
    (root / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>校对测试市人民政府</title></head><body>"
        "<h1>校对测试市人民政府</h1><ul><li><a href='/art/1.html'>关于做好有关工作的通知</a></li>"
        "<li><a href='/art/2.html'>关于市场监管工作的通知</a></li></ul>"
        f"<p>{FILLER}</p></body></html>", encoding="utf-8")
    (root / "art" / "1.html").write_text(article("关于做好有关工作的通知", BAD), encoding="utf-8")
    (root / "art" / "2.html").write_text(article("关于市场监管工作的通知", CLEAN), encoding="utf-8")
    return root


@pytest.fixture
def gov_server(site_root: Path) -> Iterator[ServerThread]:
    """The site above as http://www.jiaodui.gov.cn:<port>/ (resolve it to 127.0.0.1)."""
    with ServerThread(roots={HOST: site_root}) as srv:
        yield srv
