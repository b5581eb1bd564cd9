"""Column (栏目) discovery and reading: navigation, list-shaped pages and the registry's declared columns.

Discovery (issue #2 §4):

a. *navigation*: links on the homepage whose short anchor text (≤ 12 characters) contains a keyword of
   the column table and that sit in a nav-like place — page chrome (nav/menu/header), a heading, or a
   group of ≥ 3 short links without dates (a menu);
b. *list-shaped pages*: any crawled page other than the homepage that is not an article (no
   ``ArticleTitle`` meta, no 发布时间 label) and holds ≥ 3 sibling rows each with a link and a date;
   named by ``<meta name="ColumnName">``, else the last breadcrumb link, else the ``<title>``'s first part;
c. *declared*: ``SiteSpec.columns`` (source 'declared'); a declared column replaces a discovered one at
   the same URL (declared name and type win; a column declared without a type is typed by its name).

A column's items are the rows of its list page's main list (a list of ≥ 3 undated links when no row
is dated); undated rows take the date of their article page when the crawl fetched it. ``blank`` is True when no item is dated and the page shows a 暂无信息-style
phrase, or when it has no items and almost no content text. ``fetched`` is False when the crawl has no
successful fetch of the list page, or the page's link verdict is ``blocked``; such a column is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Column, ColumnType, DatedItem, LinkVerdict, Page, SiteSpec
from govwatch.core.urls import host_of
from govwatch.extract import dates
from govwatch.extract.html import (
    absolute,
    base_url,
    clean,
    content_text,
    in_chrome,
    in_footer,
    metas,
    page_title,
    parse,
    text_of,
    url_key,
)
from govwatch.extract.keywords import KeywordTable, default_keywords
from govwatch.extract.lists import LIST_MIN_ROWS, list_groups, main_list

NAV_MAX_NAME = 12
"""Longest anchor text (characters) taken as a column name in navigation."""
BLANK_TEXT_CHARS = 30
"""A list page with no items and less content text than this (characters) is blank."""
_HEADING = re.compile(r"^h[1-6]$")
_HEADING_NAMES = re.compile(r"tit|hd|tab|lm|column|channel|more", re.I)
_PAGINATION = re.compile(r"(?:index|list|default)?_\d+\.s?html?$|[?&](?:page|pageindex|pageno|p)=\d+", re.I)
_ARTICLE_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期)\s*[:：]")
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|(?<!\d)\d{2}-\d{2}(?!\d)")
_TITLE_SPLIT = re.compile(r"\s*[_|｜—\-]+\s*")
_ARTICLE_URL = re.compile(
    r"/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d)?/"  # /202309/ or /20230915/ directories
    r"|/(?:19|20)\d{2}[-/](?:0?[1-9]|1[0-2])[-/](?:[0-3]?\d/)?"  # /2023/9/15/ or /2023-09/
    r"|/(?:content|art|t(?:19|20)\d{6})_[^/]*$",  # content_6906381.htm, art_12_345.html, t20230915_1.html
    re.I,
)
MAX_LIST_COLUMNS = 200
"""Most columns taken from list-shaped pages (rule b) in one crawl; the shallowest pages are kept."""
ARTICLE_BODY_CHARS = 1500
"""A list-shaped page whose text outside its main list exceeds this (characters) and three times the
list's own text is an article with a 相关阅读-style list, not a column."""


def article_url(url: str) -> bool:
    """True when the URL has an article's shape: a date directory (``/202309/``, ``/2023/9/15/``) or an
    article file name (``content_…``, ``art_…``, ``t20230915_…``). Column list pages do not."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return bool(_ARTICLE_URL.search(path))


@dataclass(frozen=True)
class ColumnRead:
    """A column plus what its list page showed: ``snippet`` (blank-page evidence, ≤ 200 characters)."""

    column: Column
    snippet: str = ""


def pages_by_key(crawl: CrawlResult) -> dict[str, Page]:
    """Crawled pages keyed by the canonical form of both their requested and final URLs."""
    out: dict[str, Page] = {}
    for page in crawl.pages:
        for url in (page.url, page.fetch.final_url):
            if url:
                out.setdefault(url_key(url), page)
    return out


def scope_hosts(site: SiteSpec, crawl: CrawlResult) -> frozenset[str]:
    """Hosts whose pages belong to the site: the homepage's (requested and final) and ``extra_hosts``."""
    hosts = {host_of(site.home_url), *(h.lower() for h in site.extra_hosts)}
    if crawl.home is not None:
        hosts.add(host_of(crawl.home.fetch.final_url or crawl.home.url))
    return frozenset(h for h in hosts if h)


def _menu_like(node: LexborNode) -> bool:
    """A heading, a titled block, or a group of ≥ 3 short undated links — within 3 ancestors."""
    current: LexborNode | None = node.parent
    for _ in range(3):
        if current is None or current.tag in ("body", "html"):
            return False
        names = f"{current.attributes.get('id') or ''} {current.attributes.get('class') or ''}"
        if _HEADING.match(current.tag or "") or _HEADING_NAMES.search(names):
            return True
        links = current.css("a[href]")
        if len(links) >= 3 and all(len(text_of(a)) <= NAV_MAX_NAME for a in links):
            return not dates.dates_in(text_of(current), date.max)
        current = current.parent
    return False


def nav_columns(home: Page, tree: LexborHTMLParser, hosts: frozenset[str], kw: KeywordTable) -> list[Column]:
    """Columns named in the homepage's navigation (rule a), first name per URL, in document order."""
    base = base_url(home, tree)
    home_key = url_key(base)
    found: dict[str, Column] = {}
    for link in tree.css("a[href]"):
        name = text_of(link) or clean(link.attributes.get("title") or "")
        if not name or len(name) > NAV_MAX_NAME or in_footer(link):
            continue
        column_type = kw.classify(name)
        url = absolute(base, link.attributes.get("href"))
        if column_type is ColumnType.OTHER or url is None or host_of(url) not in hosts or article_url(url):
            continue
        key = url_key(url)
        if key == home_key or key in found:
            continue
        if in_chrome(link) or _menu_like(link):
            found[key] = Column(name=name, url=url, type=column_type, source="discovered")
    return list(found.values())


def is_article(tree: LexborHTMLParser) -> bool:
    """True for an article page: an ``ArticleTitle`` meta tag or a 发布时间/发布日期 label in its text."""
    if metas(tree).get("articletitle"):
        return True
    return bool(_ARTICLE_LABEL.search(text_of(tree.body)))


def page_column_name(tree: LexborHTMLParser) -> str:
    """Name of a list page: ColumnName meta, else the last breadcrumb link, else the title's first part."""
    name = metas(tree).get("columnname", "")
    if name:
        return name
    for crumb in tree.css("[class*=crumb], [id*=crumb], [class*=position], [class*=location]"):
        links = [text_of(a) for a in crumb.css("a") if text_of(a)]
        if links:
            return links[-1]
    parts = [p for p in _TITLE_SPLIT.split(page_title(tree)) if p]
    return parts[0] if parts else ""


def _article_like(tree: LexborHTMLParser, rows: tuple[DatedItem, ...]) -> bool:
    """An article carrying a list (相关阅读, 上一篇/下一篇): far more text outside the list than in it."""
    listed = sum(len(item.title) for item in rows)
    outside = len(text_of(tree.body)) - listed
    return outside > ARTICLE_BODY_CHARS and outside > 3 * listed


def list_page_columns(crawl: CrawlResult, hosts: frozenset[str], today: date, kw: KeywordTable) -> list[Column]:
    """Columns found as list-shaped pages (rule b), at most ``MAX_LIST_COLUMNS``, one per name: pages are
    read shallowest first (then shortest URL), so an article named by its breadcrumb after the column
    it sits in is skipped before its lists are analysed. Pagination and article-shaped URLs (see
    :func:`article_url`) are skipped before parsing, articles with a related list after."""
    candidates = []
    for page in crawl.pages:
        url = page.fetch.final_url or page.url
        if page.is_home or page is crawl.home or not page.fetch.ok or not page.html:
            continue
        if host_of(url) not in hosts or _PAGINATION.search(url) or article_url(url) or article_url(page.url):
            continue
        if len(_DATE_LIKE.findall(page.html, 0, 400_000)) < LIST_MIN_ROWS:  # cheap: cannot be list-shaped
            continue
        candidates.append(page)
    candidates.sort(key=lambda p: (p.depth, len(p.url)))
    found: dict[str, Column] = {}
    for page in candidates:
        tree = parse(page.html)
        if is_article(tree):
            continue
        name = page_column_name(tree) or (page.fetch.final_url or page.url)
        if name in found:
            continue
        group = main_list(tree, base_url(page, tree), today)
        if group is None or group.chrome or group.dated < LIST_MIN_ROWS or _article_like(tree, group.rows):
            continue
        found[name] = Column(name=name, url=page.url, type=kw.classify(name), source="discovered")
        if len(found) >= MAX_LIST_COLUMNS:
            break
    return list(found.values())


def merge_columns(found: Iterable[Column], declared: Iterable[Column]) -> list[Column]:
    """Declared columns first (they win at their URL), then discovered ones at URLs not seen yet."""
    out: dict[str, Column] = {}
    for column in declared:
        out.setdefault(url_key(column.url), column)
    for column in found:
        out.setdefault(url_key(column.url), column)
    return list(out.values())


def _column_items(tree: LexborHTMLParser, base: str, today: date) -> tuple[DatedItem, ...]:
    """Rows of the list with the most dated rows outside chrome (in chrome only when it has ≥ 3); with
    no dated row at all, the largest list of ≥ 3 undated link rows outside chrome (dated from articles)."""
    groups = list_groups(tree, base, today, min_rows=1)
    content = [g for g in groups if not g.chrome]
    if not content:
        content = [g for g in groups if not g.footer and g.dated >= LIST_MIN_ROWS]
    if content:
        return max(content, key=lambda g: (g.dated, len(g.rows))).rows
    undated = [g for g in list_groups(tree, base, today, LIST_MIN_ROWS, min_dated=0) if not g.chrome]
    return max(undated, key=lambda g: len(g.rows)).rows if undated else ()


def _date_from_article(item: DatedItem, pages: Mapping[str, Page], today: date) -> DatedItem:
    if item.published is not None:
        return item
    page = pages.get(url_key(item.url))
    if page is None or not page.fetch.ok:
        return item
    return replace(item, published=dates.article_date(page.html, today))


def _blank(items: tuple[DatedItem, ...], html: str, kw: KeywordTable) -> tuple[bool, str]:
    content = content_text(html)
    phrase = kw.blank_phrase(content)
    if phrase is not None and not any(i.published for i in items):
        at = content.index(phrase)
        return True, content[max(0, at - 60): at + 60 + len(phrase)]
    if not items and len(content) < BLANK_TEXT_CHARS:
        return True, content[:200] or "（页面正文为空）"
    return False, ""


def read_column(column: Column, pages: Mapping[str, Page], today: date, kw: KeywordTable,
                blocked: frozenset[str] = frozenset()) -> ColumnRead:
    """Fill a column's items, ``blank`` and ``fetched`` from its list page in the crawl. A page whose
    link verdict is ``blocked`` (WAF/captcha, 403 …) counts as not fetched: what it shows is not the column."""
    page = pages.get(url_key(column.url))
    if page is None or not page.fetch.ok or not page.html or url_key(column.url) in blocked:
        return ColumnRead(replace(column, items=(), blank=False, fetched=False))
    tree = parse(page.html)
    items = tuple(_date_from_article(i, pages, today) for i in _column_items(tree, base_url(page, tree), today))
    blank, snippet = _blank(items, page.html, kw)
    return ColumnRead(replace(column, items=items, blank=blank, fetched=True), snippet)


def discover_columns(crawl: CrawlResult, site: SiteSpec, today: date,
                     kw: KeywordTable | None = None) -> tuple[list[ColumnRead], frozenset[str]]:
    """Every column of the site, read from the crawl, and the canonical URLs of the top-level ones
    (linked from the homepage, or declared)."""
    kw = kw or default_keywords()
    hosts = scope_hosts(site, crawl)
    declared = [
        Column(name=s.name, url=s.url, type=s.type if s.type is not ColumnType.OTHER else kw.classify(s.name),
               source="declared")
        for s in site.columns
    ]
    found: list[Column] = []
    top: set[str] = {url_key(c.url) for c in declared}
    home = crawl.home
    if home is not None and home.fetch.ok and home.html:
        tree = parse(home.html)
        found.extend(nav_columns(home, tree, hosts, kw))
        base = base_url(home, tree)
        top.update(url_key(u) for u in (absolute(base, a.attributes.get("href")) for a in tree.css("a[href]")) if u)
    found.extend(list_page_columns(crawl, hosts, today, kw))
    pages = pages_by_key(crawl)
    blocked = frozenset(url_key(u) for u, lc in crawl.links.items() if lc.verdict is LinkVerdict.BLOCKED)
    reads = [read_column(c, pages, today, kw, blocked) for c in merge_columns(found, declared)]
    return reads, frozenset(top)
