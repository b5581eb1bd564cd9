"""Positive and negative cases of every check, the window edges and the 栏目不更新 veto thresholds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from casekit import AT, codes, context, link, page, run

from govwatch.checks.base import ScanContext
from govwatch.core import (
    Column,
    ColumnSpec,
    ColumnType,
    CrawlResult,
    DatedItem,
    FetchError,
    LinkVerdict,
    SiteSpec,
)
from govwatch.extract.facts import IdentityFacts, SiteFacts

TODAY = date(2024, 3, 10)
HOME = "http://www.test.gov.cn/"


def home_with(day: date | None) -> str:
    when = day.isoformat() if day else ""
    return f'<html><body><ul><li><a href="/a.html">新闻</a><span>{when}</span></li></ul></body></html>'


@pytest.mark.parametrize("age, stale", [(0, False), (14, False), (15, True), (400, True)])
def test_homepage_window_edge(age: int, stale: bool) -> None:
    ctx = context(SiteSpec(home_url=HOME), [page(HOME, home_with(TODAY - timedelta(days=age)), home=True)], TODAY)
    assert codes(run("homepage.stale", ctx)) == (["homepage.stale"] if stale else [])


def _undated_home(*articles: tuple[str, str, str]) -> list:  # type: ignore[type-arg]
    """A homepage listing headlines without dates, and the article pages it links to (meta PubDate)."""
    links = "".join(f'<li><a href="{href}">{title}</a></li>' for href, title, _ in articles)
    pages = [page(HOME, f"<html><body><ul>{links}</ul></body></html>", home=True)]
    for href, title, day in articles:
        meta = f'<meta name="PubDate" content="{day}">' if day else ""
        pages.append(page(HOME + href.lstrip("/"), f"<html><head>{meta}</head><body><h1>{title}</h1></body></html>"))
    return pages


@pytest.mark.parametrize("age, stale", [(3, False), (14, False), (20, True)])
def test_undated_homepage_is_judged_by_its_linked_articles(age: int, stale: bool) -> None:
    day = (TODAY - timedelta(days=age)).isoformat()
    pages = _undated_home(("/a1.html", "国务院常务会议研究部署有关工作", day),
                          ("/a2.html", "关于做好今年防汛抗旱工作的通知", "2023-12-01"))
    findings = run("homepage.stale", context(SiteSpec(home_url=HOME), pages, TODAY))
    assert codes(findings) == (["homepage.stale"] if stale else [])
    if stale:
        assert "按所链接文章页的发布日期" in findings[0].message
        assert findings[0].evidence["dated_by"] == "article" and findings[0].evidence["newest_date"] == day


def test_homepage_without_any_date_is_still_not_updated() -> None:
    pages = _undated_home(("/a1.html", "国务院常务会议研究部署有关工作", ""))
    (finding,) = run("homepage.stale", context(SiteSpec(home_url=HOME), pages, TODAY))
    assert "未发现任何标注发布日期的信息" in finding.message


@pytest.mark.parametrize("status, error", [(503, None), (None, FetchError.CONNECT), (404, None)])
def test_unreachable_homepage_is_reported_not_judged(status: int | None, error: FetchError | None) -> None:
    ctx = context(SiteSpec(home_url=HOME), [page(HOME, "", home=True, status=status, error=error)], TODAY)
    (finding,) = run("homepage.stale", ctx)
    assert finding.code == "homepage.unreachable"
    assert finding.evidence["status"] == status
    assert finding.evidence["error"] == (error.value if error else None)


def test_no_page_at_all_is_unreachable() -> None:
    ctx = context(SiteSpec(home_url=HOME), [], TODAY)
    assert codes(run("homepage.stale", ctx)) == ["homepage.unreachable"]


def col(name: str, ctype: ColumnType, latest: date | None, *, blank: bool = False, fetched: bool = True,
        url: str | None = None) -> Column:
    items = () if blank else (DatedItem(f"{name}的信息", f"{HOME}{name}/1.html", latest),)
    return Column(name=name, url=url or f"{HOME}{name}/", type=ctype, source="discovered", items=items,
                  blank=blank, fetched=fetched)


def facts_ctx(columns: list[Column], site: SiteSpec | None = None, top: bool = True) -> ScanContext:
    site = site or SiteSpec(home_url=HOME)
    crawl = CrawlResult(site=site, started_at=AT, finished_at=AT, pages=(page(HOME, "<p>x</p>", home=True),))
    facts = SiteFacts(home_url=HOME, columns=tuple(columns),
                      top_level=frozenset(c.url for c in columns) if top else frozenset())
    return ScanContext(site=site, crawl=crawl, facts=facts, today=TODAY)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_column_windows_per_type() -> None:
    columns = [col("要闻", ColumnType.NEWS, ago(14)), col("动态", ColumnType.NEWS, ago(15)),
               col("通知", ColumnType.NOTICE, ago(180)), col("公告", ColumnType.NOTICE, ago(181)),
               col("文件", ColumnType.POLICY, ago(181)), col("人事", ColumnType.PERSONNEL, ago(366)),
               col("规划", ColumnType.PLAN, ago(365)), col("解读", ColumnType.INTERPRETATION, ago(999)),
               col("统计", ColumnType.STATISTICS, ago(999)), col("无日期", ColumnType.NEWS, None)]
    stale = {f.evidence["column"] for f in run("column.stale", facts_ctx(columns))}
    assert stale == {"动态", "公告", "文件", "人事", "无日期"}


def test_blank_and_unfetched_columns_are_not_stale() -> None:
    columns = [col("空白", ColumnType.NEWS, None, blank=True), col("打不开", ColumnType.NEWS, None, fetched=False)]
    assert run("column.stale", facts_ctx(columns)) == []
    assert [f.evidence["column"] for f in run("column.blank", facts_ctx(columns))] == ["空白"]


def test_declared_window_overrides_the_type() -> None:
    stats = col("统计", ColumnType.STATISTICS, ago(40))
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("统计", stats.url, ColumnType.STATISTICS, window_days=30),))
    (finding,) = run("column.stale", facts_ctx([stats], site))
    assert finding.evidence["window_days"] == 30 and finding.evidence["days_since"] == 40


def stale_news(n: int) -> list[Column]:
    return [col(f"新闻{k}", ColumnType.NEWS, ago(20)) for k in range(n)]


@pytest.mark.parametrize("n, veto", [(4, False), (5, True)])
def test_veto_stale_news_and_notices_edge(n: int, veto: bool) -> None:
    columns = stale_news(n - 1) + [col("通知公告", ColumnType.NOTICE, ago(200))]
    got = codes(run("column.veto", facts_ctx(columns)))
    assert ("column.veto_stale" in got) is veto


def test_veto_stale_counts_only_top_level_notice_and_policy() -> None:
    columns = stale_news(3) + [col("通知公告", ColumnType.NOTICE, ago(200)), col("政策文件", ColumnType.POLICY, ago(200))]
    assert "column.veto_stale" in codes(run("column.veto", facts_ctx(columns, top=True)))
    assert "column.veto_stale" not in codes(run("column.veto", facts_ctx(columns, top=False)))


@pytest.mark.parametrize("n, veto", [(9, False), (10, True)])
def test_veto_unupdated_edge(n: int, veto: bool) -> None:
    kinds = [ColumnType.PLAN, ColumnType.PERSONNEL]
    columns = [col(f"栏目{k}", kinds[k % 2], ago(400)) for k in range(n)]
    found = run("column.veto", facts_ctx(columns))
    assert ("column.veto_unupdated" in codes(found)) is veto
    if veto:
        (f,) = [f for f in found if f.code == "column.veto_unupdated"]
        assert f.evidence["count"] == 10 and f.evidence["threshold"] == 10
        assert {c["column"] for c in f.evidence["columns"]} == {c.name for c in columns}


@pytest.mark.parametrize("n, veto", [(4, False), (5, True)])
def test_veto_blank_edge(n: int, veto: bool) -> None:
    columns = [col(f"空白{k}", ColumnType.OTHER, None, blank=True) for k in range(n)]
    columns.append(col("打不开", ColumnType.NEWS, None, blank=True, fetched=False))
    assert codes(run("column.veto", facts_ctx(columns))) == (["column.veto_blank"] if veto else [])


def test_fresh_site_has_no_veto() -> None:
    columns = [col(f"新闻{k}", ColumnType.NEWS, ago(3)) for k in range(12)]
    assert run("column.veto", facts_ctx(columns)) == []


def ident_ctx(identity: IdentityFacts, site_id: str | None = None) -> ScanContext:
    site = SiteSpec(home_url=HOME, site_id_code=site_id)
    crawl = CrawlResult(site=site, started_at=AT, finished_at=AT, pages=(page(HOME, "<p>x</p>", home=True),))
    return ScanContext(site=site, crawl=crawl, facts=SiteFacts(home_url=HOME, identity=identity), today=TODAY)


FULL = IdentityFacts(page_url=HOME, site_id_codes=("3601990001",), icp=("赣ICP备1号",),
                     police_filings=("赣公网安备 36019902000001号",), badge=True, units=("某单位",), contacts=("0791-1",))


def test_identity_meta_only_is_enough_and_registry_mismatch_is_found() -> None:
    meta_only = IdentityFacts(**{**FULL.__dict__, "site_id_codes": (), "meta_site_id": "3601990001"})
    assert run("identity", ident_ctx(meta_only, "3601990001")) == []
    assert run("identity", ident_ctx(FULL)) == []  # no registered code: nothing to compare
    (finding,) = run("identity", ident_ctx(FULL, "3601990009"))
    assert finding.code == "identity.site_id_mismatch" and "3601990009" in finding.message


def test_identity_codes_for_each_missing_item() -> None:
    assert codes(run("identity", ident_ctx(IdentityFacts(page_url=HOME)))) == [
        "identity.badge_missing", "identity.contact_missing", "identity.icp_missing", "identity.police_missing",
        "identity.site_id_missing", "identity.unit_missing"]


def test_domain_rules() -> None:
    def check(url: str, kind: str = "portal", parent: str | None = None) -> list[str]:
        site = SiteSpec(home_url=url, kind=kind, parent_domain=parent)
        return codes(run("domain", context(site, [page(url, "<p>x</p>", home=True)], TODAY)))

    assert check("https://www.test.gov.cn/") == []
    assert check("http://jyj.test.gov.cn/", "department", "www.test.gov.cn") == []
    assert check("http://jyj.test.gov.cn/", "department", "test.gov.cn") == []
    assert check("http://jyj.other.gov.cn/", "department", "test.gov.cn") == ["domain.not_under_portal"]
    assert check("http://jyj.nottest.gov.cn/", "department", "test.gov.cn") == ["domain.not_under_portal"]
    assert check("http://127.0.0.1:8080/") == ["domain.not_gov_cn"]
    assert check("http://www.test.gov.cn.evil.com/", "department", "test.gov.cn") == [
        "domain.not_gov_cn", "domain.not_under_portal"]


def test_links_cap_referrers_and_skip_the_homepage_itself() -> None:
    refs = [(f"{HOME}p{k}.html", f"链接{k}") for k in range(25)]
    checks = [link(f"{HOME}gone.html", LinkVerdict.DEAD, status=404, referrers=refs),
              link(HOME, LinkVerdict.DEAD, status=404)]
    (finding,) = run("links", context(SiteSpec(home_url=HOME), [page(HOME, "<p>x</p>", home=True)], TODAY, checks))
    assert finding.code == "links.dead_inner" and finding.count == 1
    assert finding.evidence["referrer_count"] == 25 and len(finding.evidence["referrers"]) == 20


def test_links_all_ok_gives_nothing() -> None:
    checks = [link(f"{HOME}a.html", LinkVerdict.OK, status=200, on_home=True, referrers=[(HOME, "a")])]
    assert run("links", context(SiteSpec(home_url=HOME), [page(HOME, "<p>x</p>", home=True)], TODAY, checks)) == []
