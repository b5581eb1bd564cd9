"""A minimal Scrapy spider for the crawl benchmark, run as its own process.

It follows every link on the start URL's host, parsing pages with the parser govwatch uses
(``selectolax.lexbor``, not Scrapy's selectors), and requests images, CSS and JS once each without
parsing them. Unthrottled: no AutoThrottle, no download delay, no robots.txt, no HTTP cache.
At the end it writes Scrapy's stats plus its own page count as JSON.

Usage: ``python benchmarks/scrapy_spider.py URL --stats FILE [--concurrency 32]``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from selectolax.lexbor import LexborHTMLParser

_ASSETS = (("img", "src"), ("link", "href"), ("script", "src"), ("iframe", "src"))


class SiteSpider(scrapy.Spider):
    """Follows every in-site ``<a href>``; checks every in-site asset once."""

    name = "site"

    def __init__(self, start: str, stats_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.host = urlsplit(start).netloc
        self.stats_file = Path(stats_file)
        self.pages = 0
        self.seen: set[str] = {start}  # start requests bypass the dupefilter: never fetch it twice

    def _new(self, url: str) -> bool:
        """True for an in-site URL not requested yet. Deduplicating here, before a Request object is
        built, is what a Scrapy user does for link-dense sites: Scrapy's own dupefilter would otherwise
        build, fingerprint and drop ~60 Requests per page (the spider ran 2× slower that way)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return False
        url = parts._replace(fragment="").geturl()
        if url in self.seen:
            return False
        self.seen.add(url)
        return True

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Parse an HTML page with lexbor and yield requests for its in-site links."""
        if b"html" not in (response.headers.get(b"Content-Type") or b""):
            return
        self.pages += 1
        tree = LexborHTMLParser(response.text)
        for node in tree.css("a[href]"):
            url = response.urljoin(node.attributes.get("href") or "")
            if self._new(url):
                yield scrapy.Request(url, callback=self.parse)
        for tag, attr in _ASSETS:
            for node in tree.css(f"{tag}[{attr}]"):
                url = response.urljoin(node.attributes.get(attr) or "")
                if self._new(url):
                    yield scrapy.Request(url, callback=self.asset)

    def asset(self, response: Response, **kwargs: Any) -> None:
        """An image, stylesheet or script: fetched (so checked), never parsed."""

    def closed(self, reason: str) -> None:
        """Write the stats file."""
        stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                 for k, v in (self.crawler.stats.get_stats() if self.crawler.stats else {}).items()}
        stats["pages_parsed"] = self.pages
        stats["finish_reason"] = reason
        self.stats_file.write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")


def settings(concurrency: int) -> dict[str, Any]:
    """Scrapy settings for an unthrottled crawl of one host."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "HTTPCACHE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "DEPTH_LIMIT": 0,
        "USER_AGENT": "scrapy-benchmark",
    }


def main() -> None:
    """Command line: crawl URL and write the stats file."""
    parser = argparse.ArgumentParser(description="Scrapy baseline for benchmarks/crawl.py")
    parser.add_argument("url")
    parser.add_argument("--stats", required=True, help="where to write the stats (JSON)")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    process = CrawlerProcess(settings=settings(args.concurrency))
    process.crawl(SiteSpider, start=args.url, stats_file=args.stats)
    process.start()


if __name__ == "__main__":
    main()
