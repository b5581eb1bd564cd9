"""Checking a list of URLs outside a site crawl — the links in new-media posts and menus (issue #5 §2).

Same fetcher, politeness, retries and verdicts as the crawl (HEAD, then GET where HEAD is refused), so a
link is dead, blocked or ok by one rule everywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping

import aiohttp

from govwatch.core.models import LinkCheck, LinkKind
from govwatch.core.urls import InvalidURL, normalize_url
from govwatch.crawl.fetcher import Fetcher, sample_text
from govwatch.crawl.options import CrawlOptions
from govwatch.crawl.politeness import Politeness
from govwatch.crawl.resolver import PinnedResolver
from govwatch.crawl.verdict import verdict_of

DEFAULT_OPTIONS = CrawlOptions()


async def check_links(urls: Iterable[str], options: CrawlOptions = DEFAULT_OPTIONS,
                      referrers: Mapping[str, tuple[tuple[str, str], ...]] | None = None) -> list[LinkCheck]:
    """Check each distinct http(s) URL of ``urls`` once (others are skipped) → one LinkCheck per URL, in
    first-seen order, kind EXTERNAL, its ``url`` spelled as first given (spellings that normalise alike
    are checked once). ``referrers`` maps a URL to the (page, text) pairs it appears on
    (e.g. the post URL and title). Uses ``options``' timeouts, retries, concurrency and ``resolve``.
    Never raises for what a server does: failures are verdicts."""
    wanted: dict[str, str] = {}
    for url in urls:
        try:
            key = normalize_url(url)
        except InvalidURL:
            continue
        if key is not None:
            wanted.setdefault(key, url)
    if not wanted:
        return []
    resolver = PinnedResolver(options.resolve) if options.resolve else None
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=options.concurrency, resolver=resolver)
    timeout = aiohttp.ClientTimeout(total=options.total_timeout, connect=options.connect_timeout,
                                    sock_read=options.read_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False,
                                     headers={"User-Agent": options.user_agent}) as session:
        fetcher = Fetcher(session, Politeness(options.concurrency, options.min_delay), options.fetch_settings())
        results = await asyncio.gather(*(fetcher.check(url) for url in wanted))
    refs = referrers or {}
    return [LinkCheck(original, LinkKind.EXTERNAL, verdict_of(r.fetch, sample_text(r)), r.fetch,
                      referrers=refs.get(original, ()))
            for original, r in zip(wanted.values(), results, strict=True)]


def check_links_sync(urls: Iterable[str], options: CrawlOptions = DEFAULT_OPTIONS,
                     referrers: Mapping[str, tuple[tuple[str, str], ...]] | None = None) -> list[LinkCheck]:
    """Blocking :func:`check_links` (runs its own event loop)."""
    out: list[list[LinkCheck]] = []

    async def main() -> None:
        out.append(await check_links(urls, options, referrers))

    asyncio.run(main())
    return out[0]

