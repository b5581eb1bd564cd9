"""Column discovery precision: articles (and article links) are not columns; a list-heavy site yields its
real columns only, one per name."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from crawlkit import crawl, doc, page, rows

from govwatch.core import ColumnType, SiteSpec
from govwatch.extract import build_facts
from govwatch.extract.columns import MAX_LIST_COLUMNS, article_url

TODAY = date(2024, 3, 10)
HOME = "http://www.example.gov.cn/"
COLUMNS = [("ywdt", "要闻动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("zcjd", "政策解读"),
           ("rsxx", "人事信息"), ("ghjh", "规划计划"), ("tjsj", "统计数据"), ("bmdt", "部门动态"),
           ("xxgk", "信息公开"), ("bsfw", "办事服务")]
BODY = "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，现将有关事项通知如下。"


def _day(n: int) -> str:
    return (TODAY - timedelta(days=n % 300 + 1)).isoformat()


def _nav() -> str:
    items = "".join(f'<li><a href="/{slug}/">{name}</a></li>' for slug, name in COLUMNS)
    return f'<div class="nav"><ul><li><a href="/">首页</a></li>{items}</ul></div>'


def _article(slug: str, name: str, n: int, paragraphs: int) -> str:
    """An article without ArticleTitle meta or 发布时间 label, with a breadcrumb and a dated 相关阅读 list."""
    crumb = f'<div class="crumb"><a href="/">首页</a> &gt; <a href="/{slug}/">{name}</a></div>'
    related = rows(*[(f"/{slug}/{k}.html", f"{name}相关文章{k}", _day(k)) for k in range(n + 1, n + 6)])
    body = "".join(f"<p>{BODY}</p>" for _ in range(paragraphs))
    return doc(_nav() + crumb + f"<h1>{name}第{n}号文章</h1><div class='info'>来源：本网 {_day(n)}</div>{body}"
               f"<div class='related'><h3>相关阅读</h3>{related}</div>")


def _list_heavy_site(articles: int) -> list:  # type: ignore[type-arg]
    pages = [page(HOME, doc(_nav() + "<p>欢迎访问</p>"), home=True)]
    per = articles // len(COLUMNS)
    for c, (slug, name) in enumerate(COLUMNS):
        crumb = f'<div class="crumb"><a href="/">首页</a> &gt; <a href="/{slug}/">{name}</a></div>'
        listing = rows(*[(f"/{slug}/{n}.html", f"{name}第{n}号文章", _day(n)) for n in range(20)])
        pages.append(page(f"{HOME}{slug}/", doc(_nav() + crumb + listing)))
        pages.append(page(f"{HOME}{slug}/index_1.html", doc(_nav() + crumb + listing), depth=2))
        for n in range(per):
            paragraphs = 1 if (c + n) % 7 == 0 else 40  # some short articles, most long
            pages.append(page(f"{HOME}{slug}/{n}.html", _article(slug, name, n, paragraphs), depth=2))
    return pages


def test_a_list_heavy_site_yields_its_real_columns_only() -> None:
    site = SiteSpec(home_url=HOME)
    facts = build_facts(crawl(site, *_list_heavy_site(3000)), site, TODAY)
    assert sorted((c.name, c.url) for c in facts.columns) == sorted((name, f"{HOME}{slug}/") for slug, name in COLUMNS)
    cols = {c.name: c for c in facts.columns}
    assert len(cols["要闻动态"].items) == 20 and cols["要闻动态"].type is ColumnType.NEWS
    assert cols["通知公告"].latest == TODAY - timedelta(days=1)


def test_articles_named_like_columns_are_deduplicated_without_nav() -> None:
    """No navigation on the homepage: the list pages are still found, one column per name, and the
    articles carrying a dated related list (long or short) do not add columns."""
    site = SiteSpec(home_url=HOME)
    pages = [page(HOME, doc("<p>首页</p>"), home=True), *_list_heavy_site(300)[1:]]
    facts = build_facts(crawl(site, *pages), site, TODAY)
    assert sorted(c.url for c in facts.columns) == sorted(f"{HOME}{slug}/" for slug, _ in COLUMNS)


def test_list_columns_are_capped() -> None:
    site = SiteSpec(home_url=HOME)
    lists = [page(f"{HOME}l{n}/", doc(f'<meta name="ColumnName" content="专栏{n}">'
                                      + rows(*[(f"/l{n}/{k}.html", f"条目{k}", _day(k)) for k in range(4)])))
             for n in range(MAX_LIST_COLUMNS + 30)]
    facts = build_facts(crawl(site, page(HOME, doc(""), home=True), *lists), site, TODAY)
    assert len(facts.columns) == MAX_LIST_COLUMNS


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.gov.cn/zhengce/content/202309/content_6906381.htm", True),
    ("http://x.gov.cn/art/2024/3/1/art_12_345.html", True),
    ("http://x.gov.cn/xxgk/202403/t20240301_99.html", True),
    ("http://x.gov.cn/2024-03/01/c_123.htm", True),
    ("https://www.gov.cn/zhengce/jiedu/", False),
    ("http://x.gov.cn/col/col1229/index.html", False),
    ("http://x.gov.cn/tzgg/index.html", False),
])
def test_article_url_shape(url: str, expected: bool) -> None:
    assert article_url(url) is expected


@pytest.mark.corpus
def test_gov_cn_homepage_article_links_are_not_columns(corpus: Path) -> None:
    folder = corpus / "sites" / "www.gov.cn"
    html = next(folder.glob("*.html")).read_text(encoding="utf-8", errors="replace")
    site = SiteSpec(home_url="https://www.gov.cn/")
    facts = build_facts(crawl(site, page(site.home_url, html, home=True)), site, date(2023, 9, 20))
    names = {c.name for c in facts.columns}
    assert "山西省国土空间规划" not in names and "海南省国土空间规划" not in names
    assert {"要闻", "政策解读"} <= names
    assert not [c.url for c in facts.columns if article_url(c.url)]
