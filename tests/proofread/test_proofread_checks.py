"""The five proofreading checks over a scanned test page: a wrong leader title, an outdated institution
name, a typo and an ID number are each found with the right suggestion; a clean page yields nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from govwatch.checks import (
    content_outdated_name,
    content_sensitive,
    content_serious_error,
    content_typo,
    privacy_pii,
)
from govwatch.checks.base import ScanContext
from govwatch.checks.runner import run_checks
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Fetch, Page, SiteSpec
from govwatch.extract.facts import SiteFacts
from govwatch.rules.rulebook import default_rulebook

CHECKS = [content_serious_error, content_outdated_name, content_sensitive, content_typo, privacy_pii]
HOME = "http://www.example.gov.cn/"
BAD = ("国务院总理赵乐际出席会议并讲话。原国家工商行政管理总局的职能已划入新机构。"
       "会议要求加强与人民很行的沟通协调，推动金融改革。申请人身份证号：11010519491231002X。")
CLEAN = "国务院总理李强出席会议并讲话。国家市场监督管理总局负责市场综合监督管理。会议要求加强与人民银行的沟通协调。"


def _page(url: str, paragraph: str, home: bool = False) -> Page:
    body = "".join(f"<p>{paragraph}</p>" for _ in range(1)) + "<p>" + "各地区各部门要认真贯彻落实本通知精神。" * 3 + "</p>"
    html = (f"<html><head><title>关于做好有关工作的通知</title></head><body><div class='nav'>首页 政务公开</div>"
            f"<div class='article'><h1>关于做好有关工作的通知</h1>{body}</div><div class='footer'>版权所有</div></body></html>")
    fetch = Fetch(url=url, final_url=url, status=200, seconds=0.1, size=len(html), content_type="text/html",
                  fetched_at=datetime(2026, 5, 1, tzinfo=UTC))
    return Page(url=url, fetch=fetch, html=html, encoding="utf-8", depth=0 if home else 1, is_home=home)


def _ctx(pages: list[Page]) -> ScanContext:
    site = SiteSpec(home_url=HOME, name="测试网站")
    now = datetime(2026, 5, 1, tzinfo=UTC)
    crawl = CrawlResult(site=site, started_at=now, finished_at=now, pages=tuple(pages))
    return ScanContext(site=site, crawl=crawl, facts=SiteFacts(home_url=HOME), today=date(2026, 5, 1))


def test_test_page_findings_with_right_suggestions(ngram: object) -> None:
    ctx = _ctx([_page(HOME, "欢迎访问", home=True), _page(HOME + "art/1.html", BAD)])
    found = {f.code: f for f in run_checks(ctx, default_rulebook(), CHECKS)}
    assert set(found) == {"content.serious_error", "content.outdated_name", "content.typo", "privacy.pii"}
    pick = {code: [(i["original"], i["suggestion"]) for i in f.evidence["issues"]] for code, f in found.items()}
    assert pick["content.serious_error"] == [("国务院总理", "全国人大常委会委员长")]
    assert pick["content.outdated_name"] == [("国家工商行政管理总局", "国家市场监督管理总局")]
    assert pick["content.typo"] == [("很", "银")]
    assert pick["privacy.pii"] == [("1101**********002X", "1101**********002X")]
    assert all(f.url == HOME + "art/1.html" and f.count == 1 for f in found.values())
    assert "11010519491231002X" not in str(found["privacy.pii"].evidence)


def test_clean_page_has_no_findings(ngram: object) -> None:
    ctx = _ctx([_page(HOME, "欢迎访问", home=True), _page(HOME + "art/2.html", CLEAN)])
    assert run_checks(ctx, default_rulebook(), CHECKS) == []


def test_max_pages_caps_the_work() -> None:
    pages = [_page(HOME + f"art/{n}.html", "原国家工商行政管理总局。") for n in range(5)]
    params = content_outdated_name.Params(max_pages=2)
    assert len(list(content_outdated_name.run(_ctx(pages), params))) == 2
