"""The outcome of crawling one site: pages, link verdicts, and what the crawl itself noticed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from govwatch.core.models import LinkCheck, Page, SiteSpec


@dataclass(frozen=True)
class CrawlStats:
    """Counters of one crawl. Durations in seconds, sizes in bytes."""

    pages: int = 0
    urls_checked: int = 0
    bytes: int = 0
    seconds: float = 0.0
    robots_disallowed: int = 0
    trap_skipped: int = 0
    limit_reached: bool = False


@dataclass(frozen=True)
class CrawlResult:
    """Everything one crawl of a site produced.

    ``pages`` are the HTML pages of the site that were fetched (the homepage first), successful or not;
    ``links`` maps each checked URL (every URL once per scan) to its verdict; ``robots_ignored`` records
    that the per-site switch was used; ``robots_txt`` the robots.txt body ('' if none); ``notes`` are
    Chinese sentences for the report (limits reached, trap guard used …).
    """

    site: SiteSpec
    started_at: datetime
    finished_at: datetime
    # repr=False: a repr of thousands of pages costs seconds and hundreds of MB (asyncio builds one).
    pages: tuple[Page, ...] = field(repr=False)
    links: Mapping[str, LinkCheck] = field(default_factory=dict, repr=False)
    robots_ignored: bool = False
    robots_txt: str = field(default="", repr=False)
    stats: CrawlStats = CrawlStats()
    notes: tuple[str, ...] = ()

    @property
    def home(self) -> Page | None:
        """The homepage, or None if the crawl produced no page at all."""
        for page in self.pages:
            if page.is_home:
                return page
        return self.pages[0] if self.pages else None

    def page(self, url: str) -> Page | None:
        """The page fetched at ``url`` (requested or final URL), or None."""
        for page in self.pages:
            if url in (page.url, page.fetch.final_url):
                return page
        return None
