"""Crawl engine: fetch a government website politely and fast, parse its pages, check every link.

asyncio + aiohttp + selectolax.lexbor (DESIGN.md §1); robots.txt via protego; encodings via
charset-normalizer (GBK/GB2312 read as GB18030); URLs via yarl (govwatch.core.urls). Issue #2 §2–3.

    result = crawl_site_sync(SiteSpec("http://www.example.gov.cn/"), CrawlOptions(max_pages=500))
    result.pages        # Page per fetched HTML page of the site, homepage first (failed ones with html='')
    result.links        # url → LinkCheck (verdict ok/dead/blocked/error/timeout, referrers, on_home)
"""

from __future__ import annotations

import asyncio

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import SiteSpec
from govwatch.crawl.engine import Crawl, ProgressCallback
from govwatch.crawl.options import CrawlOptions, CrawlProgress
from govwatch.crawl.resolver import PinnedResolver, parse_resolve
from govwatch.crawl.urls import normalize_url
from govwatch.crawl.verdict import WAF_MARKERS, verdict_of

__all__ = [
    "WAF_MARKERS", "CrawlOptions", "CrawlProgress", "PinnedResolver", "ProgressCallback", "crawl_site",
    "crawl_site_sync", "normalize_url", "parse_resolve", "verdict_of",
]

DEFAULT_OPTIONS = CrawlOptions()


async def crawl_site(site: SiteSpec, options: CrawlOptions = DEFAULT_OPTIONS,
                     progress: ProgressCallback | None = None) -> CrawlResult:
    """Crawl ``site`` (its ``home_url`` host, ``extra_hosts`` and declared ``columns``) → CrawlResult.

    Network failures, bad pages and odd encodings become data (``Fetch.error``, verdicts, notes); it
    raises only :class:`~govwatch.core.errors.UsageError` for a bad ``options.resolve`` address.
    ``progress`` is called after each page or check with a :class:`CrawlProgress`.

    Python 3.11 caveat: do not ``asyncio.run()`` a coroutine that *returns* a CrawlResult (or anything
    holding one) — asyncio.run's SIGINT bookkeeping builds repr(main task), i.e. the repr of every page;
    use :func:`crawl_site_sync` or keep the result out of the main task's return value.
    """
    return await Crawl(site, options, progress).run()


def crawl_site_sync(site: SiteSpec, options: CrawlOptions = DEFAULT_OPTIONS,
                    progress: ProgressCallback | None = None) -> CrawlResult:
    """:func:`crawl_site` in a fresh event loop (``asyncio.run``); for callers without one."""
    box: list[CrawlResult] = []

    async def main() -> None:
        # The main task must not *return* the result: on Python 3.11 asyncio.run's SIGINT bookkeeping
        # (signal.getsignal → enum ValueError message) builds repr(task), i.e. repr of the whole crawl —
        # seconds of CPU and hundreds of MB for a 5,000-page site.
        box.append(await crawl_site(site, options, progress))

    asyncio.run(main())
    return box[0]
