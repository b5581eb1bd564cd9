"""Settings of one crawl and the progress reports it sends (issue #2 §2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from govwatch.crawl.fetcher import FetchSettings


@dataclass(frozen=True)
class CrawlOptions:
    """How far, how fast and how patiently to crawl. Seconds, bytes and counts.

    ``max_pages`` HTML pages of the site parsed at most (the homepage and declared columns always are);
    ``max_depth`` clicks from the homepage for a page to be parsed (deeper pages are checked only);
    ``concurrency`` concurrent requests per host at most (adapts down on 429, timeouts, slow answers);
    ``min_delay`` seconds between request starts to one host; ``total_timeout``/``connect_timeout``/
    ``read_timeout`` per request (the indicator's 15 s total); ``max_bytes`` response size cap;
    ``max_redirects``; ``retries`` for transient errors only (timeout, reset, refused, 5xx, 429) with
    ``backoff`` seconds doubling per retry; ``max_retry_after`` cap on a server's Retry-After;
    ``check_external`` check (never parse) links to other hosts; ``trap_limit`` pages per path pattern /
    query variants (see :mod:`govwatch.crawl.traps`); ``resolve`` maps ``(host, port)`` to an address
    like ``curl --resolve``; ``user_agent`` sent with every request (its first token is the robots.txt
    agent).
    """

    max_pages: int = 5000
    max_depth: int = 10
    concurrency: int = 8
    min_delay: float = 0.0
    total_timeout: float = 15.0
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    retries: int = 2
    check_external: bool = True
    trap_limit: int = 50
    resolve: Mapping[tuple[str, int], str] = field(default_factory=dict)
    user_agent: str = "govwatch/0.1 (+政府网站监管平台)"
    backoff: float = 0.5
    max_retry_after: float = 30.0

    def fetch_settings(self) -> FetchSettings:
        """The part of these options the fetcher uses."""
        return FetchSettings(max_bytes=self.max_bytes, max_redirects=self.max_redirects, retries=self.retries,
                             backoff=self.backoff, max_retry_after=self.max_retry_after)


@dataclass(frozen=True)
class CrawlProgress:
    """Sent after each page or check: ``pages`` parsed so far, ``checked`` URLs with a verdict,
    ``queued`` URLs waiting, ``url`` the one just finished."""

    pages: int
    checked: int
    queued: int
    url: str
