"""Column discovery (navigation, list-shaped pages, declared), typing from the keyword table, blank and
unfetched columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from crawlkit import crawl, doc, page, rows

from govwatch.core import ColumnSpec, ColumnType, FetchError, SiteSpec
from govwatch.extract import build_facts
from govwatch.extract.keywords import default_keywords, load_keywords

TODAY = date(2024, 3, 10)
HOME = "http://www.example.gov.cn/"
NAV = ('<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/ywdt/">要闻动态</a></li>'
       '<li><a href="/tzgg/">通知公告</a></li><li><a href="/zcjd/">政策解读</a></li>'
       '<li><a href="/rsxx/">人事信息</a></li><li><a href="http://other.example.com/zcwj/">政策文件</a></li></ul></div>')
FOOTER = '<div class="footer"><a href="/lxwm/">联系我们</a> <a href="/zcwj-foot/">政策文件</a></div>'


def site_pages() -> list:  # type: ignore[type-arg]
    return [
        page(HOME, doc(NAV + "<p>欢迎访问</p>" + FOOTER), home=True),
        page(HOME + "ywdt/", doc(NAV + rows(("a1.html", "要闻一", "2024-03-08"), ("a2.html", "要闻二", "2024-03-01")))),
        page(HOME + "tzgg/", doc(NAV + rows(("t1.html", "通知一", "2023年5月6日"), ("t2.html", "通知二", "2023年4月1日"),
                                            ("t3.html", "通知三", "")))),
        page(HOME + "zcjd/", "", status=None, error=FetchError.TIMEOUT),
        page(HOME + "rsxx/", doc(NAV + '<div class="list"><ul></ul><p>暂无信息</p></div>' + FOOTER)),
    ]


def test_nav_columns_are_typed_by_keyword_and_stay_in_scope() -> None:
    site = SiteSpec(home_url=HOME)
    facts = build_facts(crawl(site, *site_pages()), site, TODAY)
    cols = {c.name: c for c in facts.columns}
    assert set(cols) == {"要闻动态", "通知公告", "政策解读", "人事信息"}  # other host and footer links left out
    assert cols["要闻动态"].type is ColumnType.NEWS and cols["要闻动态"].source == "discovered"
    assert cols["通知公告"].type is ColumnType.NOTICE
    assert cols["政策解读"].type is ColumnType.INTERPRETATION  # 政策解读 before 政策
    assert cols["人事信息"].type is ColumnType.PERSONNEL
    assert cols["要闻动态"].latest == date(2024, 3, 8) and len(cols["要闻动态"].items) == 2
    assert cols["通知公告"].latest == date(2023, 5, 6) and len(cols["通知公告"].items) == 3
    assert {c.url for c in facts.columns} == facts.top_level


def test_blank_and_unfetched_columns() -> None:
    site = SiteSpec(home_url=HOME)
    facts = build_facts(crawl(site, *site_pages()), site, TODAY)
    cols = {c.name: c for c in facts.columns}
    assert cols["人事信息"].blank and cols["人事信息"].fetched
    assert "暂无信息" in facts.blank_snippets[cols["人事信息"].url]
    assert not cols["政策解读"].fetched and not cols["政策解读"].blank
    assert not cols["要闻动态"].blank and not cols["通知公告"].blank


def test_a_list_page_with_no_rows_and_no_text_is_blank() -> None:
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("工作动态", HOME + "gzdt/"),))
    empty = page(HOME + "gzdt/", doc(NAV + '<div class="list-box"><h2>工作动态</h2><ul></ul></div>' + FOOTER))
    facts = build_facts(crawl(site, page(HOME, doc("<p>首页</p>"), home=True), empty), site, TODAY)
    (col,) = facts.columns
    assert col.blank and col.type is ColumnType.NEWS  # declared without a type: typed by its name


def test_list_shaped_pages_become_columns_named_by_meta_or_breadcrumb() -> None:
    site = SiteSpec(home_url=HOME)
    list_rows = rows(*[(f"x{n}.html", f"信息{n}", f"2024-02-0{n}") for n in range(1, 5)])
    by_meta = page(HOME + "a/", doc(list_rows, '<meta name="ColumnName" content="部门动态">'))
    by_crumb = page(HOME + "b/", doc('<div class="crumb"><a href="/">首页</a> &gt; <a href="/b/">公示公告</a></div>' + list_rows))
    article = page(HOME + "c.html", doc("<h1>标题</h1><p>发布时间：2024-03-01</p>" + list_rows))
    paged = page(HOME + "a/index_2.html", doc(list_rows, '<meta name="ColumnName" content="部门动态">'))
    facts = build_facts(crawl(site, page(HOME, doc("<p>首页</p>"), home=True), by_meta, by_crumb, article, paged),
                        site, TODAY)
    found = {(c.name, c.type, c.url) for c in facts.columns}
    assert found == {("部门动态", ColumnType.NEWS, HOME + "a/"), ("公示公告", ColumnType.NOTICE, HOME + "b/")}
    assert all(c.latest == date(2024, 2, 4) for c in facts.columns)
    assert facts.top_level == frozenset()  # not linked from the homepage


def test_declared_column_wins_over_discovered_at_the_same_url() -> None:
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("重要新闻", HOME + "tzgg/", ColumnType.NEWS),))
    facts = build_facts(crawl(site, *site_pages()), site, TODAY)
    at = [c for c in facts.columns if c.url.endswith("/tzgg/")]
    assert len(at) == 1 and at[0].name == "重要新闻" and at[0].type is ColumnType.NEWS
    assert at[0].source == "declared" and at[0].latest == date(2023, 5, 6)


def test_declared_column_not_crawled_is_unfetched() -> None:
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("统计数据", HOME + "tjsj/", ColumnType.STATISTICS),))
    facts = build_facts(crawl(site, page(HOME, doc("<p>首页</p>"), home=True)), site, TODAY)
    assert [(c.name, c.fetched, c.blank) for c in facts.columns] == [("统计数据", False, False)]


def test_undated_rows_take_their_article_date() -> None:
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("通知公告", HOME + "tzgg/", ColumnType.NOTICE),))
    undated = "".join(f'<li><a href="t{n}.html">通知{n}</a></li>' for n in range(1, 4))
    listing = page(HOME + "tzgg/", doc(NAV + f"<ul>{undated}</ul>" + FOOTER))
    art = page(HOME + "tzgg/t1.html", doc("<p>x</p>", '<meta name="PubDate" content="2024-01-02 08:00">'))
    facts = build_facts(crawl(site, page(HOME, doc(""), home=True), listing, art), site, TODAY)
    (col,) = facts.columns  # a list of undated links: items dated from the fetched article only
    assert not col.blank and [i.published for i in col.items] == [date(2024, 1, 2), None, None]
    assert col.latest == date(2024, 1, 2)
    dated = doc(rows(("t1.html", "通知一", ""), ("t2.html", "通知二", "2023-12-01")))
    facts = build_facts(crawl(site, page(HOME, doc(""), home=True), page(HOME + "tzgg/", dated), art), site, TODAY)
    assert {i.title: i.published for i in facts.columns[0].items} == {"通知一": date(2024, 1, 2),
                                                                      "通知二": date(2023, 12, 1)}


def test_keyword_table_is_data_and_ordered(tmp_path: Path) -> None:
    kw = default_keywords()
    assert kw.classify("政策解读") is ColumnType.INTERPRETATION
    assert kw.classify("规范性文件") is ColumnType.POLICY
    assert kw.classify("公示公告") is ColumnType.NOTICE
    assert kw.classify("人事任免") is ColumnType.PERSONNEL
    assert kw.classify("走进示例县") is ColumnType.OVERVIEW
    assert kw.classify("领导信箱") is ColumnType.INTERACTION
    assert kw.classify("基层动态") is ColumnType.NEWS
    assert kw.classify("专题专栏") is ColumnType.OTHER
    custom = tmp_path / "kw.yaml"
    custom.write_text("types:\n  - {type: news, keywords: [专题]}\nblank_phrases: [空空如也]\n", encoding="utf-8")
    table = load_keywords(custom)
    assert table.classify("专题专栏") is ColumnType.NEWS and table.blank_phrase("这里空空如也") == "空空如也"


def test_bad_keyword_table_is_a_clear_error(tmp_path: Path) -> None:
    from govwatch.core.errors import RulebookError

    bad = tmp_path / "bad.yaml"
    bad.write_text("types:\n  - {type: weather, keywords: [天气]}\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="栏目关键词表"):
        load_keywords(bad)


@pytest.mark.corpus
def test_shanghai_declared_news_column(corpus: Path) -> None:
    url = "https://wsjkw.sh.gov.cn/yqtb/index.html"
    html = (corpus / "sites" / "wsjkw.sh.gov.cn" / "yqtb" / "index.html").read_text(encoding="utf-8")
    site = SiteSpec(home_url=url, columns=(ColumnSpec("疫情通报", url, ColumnType.NEWS),))
    facts = build_facts(crawl(site, page(url, html, home=True)), site, date(2022, 4, 28))
    (col,) = [c for c in facts.columns if c.name == "疫情通报"]
    assert col.source == "declared" and col.latest == date(2022, 4, 27) and not col.blank
    assert len([i for i in col.items if i.published]) == 20
    assert len(facts.home_items) == 20 and max(i.published for i in facts.home_items if i.published) == date(2022, 4, 27)


def test_a_blocked_list_page_is_not_judged() -> None:
    from datetime import UTC, datetime

    from govwatch.core import CrawlResult, Fetch, LinkCheck, LinkKind, LinkVerdict

    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("办事服务", HOME + "waf"),))
    captcha = page(HOME + "waf", doc("<p>请输入验证码</p>"))
    at = datetime(2024, 3, 10, tzinfo=UTC)
    verdict = LinkCheck(url=HOME + "waf", kind=LinkKind.PAGE, verdict=LinkVerdict.BLOCKED,
                        fetch=Fetch(HOME + "waf", HOME + "waf", 200, 0.1, 10, "text/html", at))
    result = CrawlResult(site=site, started_at=at, finished_at=at, links={verdict.url: verdict},
                         pages=(page(HOME, doc(""), home=True), captcha))
    (col,) = build_facts(result, site, TODAY).columns
    assert not col.fetched and not col.blank
    (col,) = build_facts(crawl(site, page(HOME, doc(""), home=True), captcha), site, TODAY).columns
    assert col.fetched and col.blank  # the same page without the verdict looks blank


@pytest.mark.parametrize("html", ["", "<<<>>>", "\x00\x01<a href='javascript:void(0)'>通知公告</a>", "<a href='http://[::1'>要闻</a>2024-01-01",
                                  "<table><tr><td><a href=x>a</td></tr>" * 50, "<div>" * 3000,
                                  "<base href=\"http://[::1\"><a href=a>通知公告</a>"])
def test_malformed_pages_never_crash(html: str) -> None:
    site = SiteSpec(home_url=HOME, columns=(ColumnSpec("要闻", HOME + "x"),))
    facts = build_facts(crawl(site, page(HOME, html, home=True), page(HOME + "x", html)), site, TODAY)
    assert facts.home_url == HOME and len(facts.columns) >= 1
