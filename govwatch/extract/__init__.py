"""Fact extractors: dates, list rows, columns and footer identity → :class:`SiteFacts` for the checks."""

from __future__ import annotations

from datetime import date

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import DatedItem, SiteSpec
from govwatch.extract.columns import discover_columns
from govwatch.extract.facts import IdentityFacts, SiteFacts
from govwatch.extract.html import base_url, parse, url_key
from govwatch.extract.identity import site_identity
from govwatch.extract.lists import dated_rows

__all__ = ["IdentityFacts", "SiteFacts", "build_facts", "home_items"]


def home_items(crawl: CrawlResult, today: date) -> tuple[DatedItem, ...]:
    """Every link + date row on the homepage outside its footer (``()`` when it was not fetched)."""
    home = crawl.home
    if home is None or not home.fetch.ok or not home.html:
        return ()
    tree = parse(home.html)
    return dated_rows(tree, base_url(home, tree), today)


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
