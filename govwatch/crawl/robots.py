"""robots.txt through protego, fetched once per origin (issue #2 §2).

A missing robots.txt (4xx) allows everything. An unreachable one (5xx, network error) also allows
everything here — RFC 9309 would have a crawler stay away, but a monitoring scan that silently stopped
would hide the outage it exists to report; the note says so. ``Crawl-delay`` raises the host's delay
floor, capped at ``MAX_CRAWL_DELAY`` seconds.
"""

from __future__ import annotations

import asyncio

from protego import Protego

from govwatch.crawl.encoding import decode_html
from govwatch.crawl.fetcher import Fetcher
from govwatch.crawl.politeness import Politeness
from govwatch.crawl.urls import host_of, origin_of

MAX_CRAWL_DELAY = 2.0  # seconds
_ROBOTS_BYTES = 512_000  # Google reads the first 500 KiB of a robots.txt


class RobotsRules:
    """The robots.txt rules of one crawl. ``ignore=True`` (the per-site switch) fetches and records them,
    counts what they would have refused (``ignored_disallowed``), and allows everything."""

    def __init__(self, fetcher: Fetcher, politeness: Politeness, user_agent: str, ignore: bool) -> None:
        self.fetcher = fetcher
        self.politeness = politeness
        self.agent = user_agent.split("/", 1)[0].strip() or "*"
        self.ignore = ignore
        self.texts: dict[str, str] = {}  # origin → robots.txt body ('' when absent)
        self.notes: list[str] = []
        self.ignored_disallowed = 0
        self._parsed: dict[str, Protego | None] = {}
        self._loading: dict[str, asyncio.Future[None]] = {}

    async def allowed(self, url: str) -> bool:
        """True if ``url`` may be fetched (always True when ignoring robots.txt)."""
        origin = origin_of(url)
        if origin not in self._parsed:
            await self._load(origin)
        rules = self._parsed.get(origin)
        if rules is None or rules.can_fetch(url, self.agent):
            return True
        if self.ignore:
            self.ignored_disallowed += 1
            return True
        return False

    async def _load(self, origin: str) -> None:
        pending = self._loading.get(origin)
        if pending is not None:
            await asyncio.shield(pending)
            return
        future = self._loading[origin] = asyncio.get_running_loop().create_future()
        try:
            self._parsed[origin] = await self._fetch(origin)
        finally:
            future.set_result(None)

    async def _fetch(self, origin: str) -> Protego | None:
        result = await self.fetcher.get(origin + "/robots.txt", lambda _url, _ctype: True)
        fetch = result.fetch
        if fetch.error is not None or (fetch.status or 0) >= 500:
            self.notes.append(f"{origin}/robots.txt 无法获取（{fetch.error or fetch.status}），按允许抓取处理。")
            self.texts[origin] = ""
            return None
        if not fetch.ok or result.body is None:
            self.texts[origin] = ""
            return None
        text, _codec = decode_html(result.body[:_ROBOTS_BYTES], result.charset)
        self.texts[origin] = text
        rules = Protego.parse(text)
        delay = rules.crawl_delay(self.agent)
        if delay and not self.ignore:
            self.politeness.set_min_delay(host_of(origin), min(float(delay), MAX_CRAWL_DELAY))
        return rules
