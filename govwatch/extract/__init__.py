"""Fact extractors: dates, list rows, columns and footer identity → :class:`SiteFacts` for the checks."""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import DatedItem, SiteSpec
from govwatch.extract.columns import discover_columns
from govwatch.extract.dates import article_date
from govwatch.extract.facts import IdentityFacts, SiteFacts
from govwatch.extract.html import base_url, parse, url_key
from govwatch.extract.identity import site_identity
from govwatch.extract.lists import dated_rows

__all__ = ["IdentityFacts", "SiteFacts", "build_facts", "home_items", "linked_article_items"]

MAX_LINKED = 200  # homepage links whose article pages are read for a date (a portal shows 100–300)


def home_items(crawl: CrawlResult, today: date) -> tuple[DatedItem, ...]:
    """Every link + date row on the homepage outside its footer (``()`` when it was not fetched). A
    homepage that prints no dates at all (www.gov.cn's headlines) gets, instead, the links to crawled
    article pages that carry a publication date of their own (``dated_by='article'``)."""
    home = crawl.home
    if home is None or not home.fetch.ok or not home.html:
        return ()
    tree = parse(home.html)
    base = base_url(home, tree)
    return dated_rows(tree, base, today) or linked_article_items(crawl, tree, base, today)


def linked_article_items(crawl: CrawlResult, tree: LexborHTMLParser, base: str,
                         today: date) -> tuple[DatedItem, ...]:
    """Homepage links (anchor text ≥ 6 characters, at most ``MAX_LINKED`` distinct URLs) to pages of the
    crawl whose own publication date :func:`article_date` reads, in document order."""
    pages = {url_key(p.fetch.final_url or p.url): p for p in crawl.pages if p.fetch.ok and p.html}
    out: list[DatedItem] = []
    seen: set[str] = set()
    for anchor in tree.css("a[href]"):
        title = " ".join(anchor.text(separator=" ").split())
        try:
            key = url_key(urljoin(base, (anchor.attributes.get("href") or "").strip()))
        except ValueError:  # a malformed href (``http://[::1``) links nowhere
            continue
        page = pages.get(key)
        if len(title) < 6 or key in seen or page is None or page.is_home:
            continue
        seen.add(key)
        published = article_date(page.html, today)
        if published is not None:
            out.append(DatedItem(title, page.fetch.final_url or page.url, published, dated_by="article"))
        if len(seen) >= MAX_LINKED:
            break
    return tuple(out)


def build_facts(crawl: CrawlResult, site: SiteSpec, today: date) -> SiteFacts:
    """Extract the facts every check judges from one crawl of ``site`` as of ``today`` (the monitoring
    point, Asia/Shanghai calendar; dates after it are rejected). Never raises on malformed pages."""
    home = crawl.home
    reads, top = discover_columns(crawl, site, today)
    columns = tuple(r.column for r in reads)
    return SiteFacts(
        home_url=(home.fetch.final_url or home.url) if home is not None else site.home_url,
        home_items=home_items(crawl, today),
        columns=columns,
        identity=site_identity(crawl),
        blank_snippets={r.column.url: r.snippet for r in reads if r.column.blank},
        top_level=frozenset(c.url for c in columns if url_key(c.url) in top),
    )
