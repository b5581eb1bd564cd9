"""Fixtures of the proofreading-service tests: a small government site with proofreading problems served on
127.0.0.1 under a real-looking host name (reached through --resolve / CrawlOptions.resolve)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govwatch.sample.server import ServerThread

HOST = "www.jiaodui.gov.cn"
BAD = ("国务院总理赵乐际出席会议并讲话。原国家工商行政管理总局的职能已划入新机构。"
       "申请人身份证号：11010519491231002X。")
CLEAN = "国务院总理李强出席会议并讲话。国家市场监督管理总局负责市场综合监督管理。会议要求加强与人民银行的沟通协调。"
FILLER = "各地区各部门要认真贯彻落实本通知精神，结合实际抓好组织实施。" * 3


def article(title: str, paragraph: str) -> str:
    """An article page: navigation, the article (title, ``paragraph``, filler) and a footer."""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/art/1.html'>通知公告</a></div>"
            f"<div class='article'><h1>{title}</h1><p>{paragraph}</p><p>{FILLER}</p></div>"
            "<div class='footer'>主办单位：校对测试市人民政府办公室</div></body></html>")


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
