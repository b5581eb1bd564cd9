"""Which pages a browser pass renders: Chromium manages ≈5 pages/s here, so a sample, not the site
(DESIGN.md §1): the homepage, one page per column, then pages whose raw HTML lacks the footer."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Page

DEFAULT_LIMIT = 20


def sample_urls(crawl: CrawlResult, column_urls: Iterable[str] = (),
                lacks_footer: Callable[[Page], bool] | None = None, limit: int = DEFAULT_LIMIT) -> list[str]:
    """Up to ``limit`` URLs (final URLs of fetched HTML pages), in this order: the homepage; each of
    ``column_urls`` that was crawled; the pages for which ``lacks_footer(page)`` is True (all pages
    are tested only while the sample has room). Pages that were not fetched (non-2xx) are skipped."""
    chosen: dict[str, None] = {}

    def add(page: Page | None) -> None:
        if page is not None and page.fetch.ok and page.html and len(chosen) < limit:
            chosen.setdefault(page.fetch.final_url or page.url)

    add(crawl.home)
    for url in column_urls:
        add(crawl.page(url))
    if lacks_footer is not None:
        for page in crawl.pages:
            if len(chosen) >= limit:
                break
            if (page.fetch.final_url or page.url) not in chosen and page.fetch.ok and lacks_footer(page):
                add(page)
    return list(chosen)
