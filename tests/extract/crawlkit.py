"""Hand-built crawl results for extractor tests: a Page per (url, html), no crawler involved."""

from __future__ import annotations

from datetime import UTC, datetime

from govwatch.core import CrawlResult, Fetch, FetchError, Page, SiteSpec

AT = datetime(2024, 3, 10, 2, 0, tzinfo=UTC)


def page(url: str, html: str, *, status: int | None = 200, home: bool = False, depth: int = 1,
         error: FetchError | None = None) -> Page:
    """A fetched page; ``status``/``error`` describe a failed fetch (then ``html`` should be '')."""
    fetch = Fetch(url=url, final_url=url, status=status, seconds=0.05, size=len(html.encode()),
                  content_type="text/html", fetched_at=AT, error=error)
    return Page(url=url, fetch=fetch, html=html, encoding="utf-8", depth=0 if home else depth, is_home=home)


def crawl(site: SiteSpec, *pages: Page) -> CrawlResult:
    """A CrawlResult of ``pages`` (mark the homepage with ``home=True``)."""
    return CrawlResult(site=site, started_at=AT, finished_at=AT, pages=tuple(pages))


def doc(body: str, head: str = "") -> str:
    """A UTF-8 HTML document around ``body``."""
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def rows(*items: tuple[str, str, str]) -> str:
    """A ``<ul>`` of (href, title, date text) rows."""
    lis = "".join(f'<li><a href="{h}">{t}</a><span>{d}</span></li>' for h, t, d in items)
    return f'<ul class="list">{lis}</ul>'
