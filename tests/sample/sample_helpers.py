"""Fetch the rendered sample site from the sample server into hand-built ``Page`` objects (no crawler)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

from govwatch.core import CrawlResult, Fetch, Page, SiteSpec
from govwatch.sample.server import SAMPLE_SITE


def fetch_page(url: str, depth: int, is_home: bool = False) -> Page:
    """GET ``url`` and wrap the answer (or the HTTP error) as a Page."""
    started, at = time.monotonic(), datetime.now(UTC)
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            body, status, ctype = resp.read(), resp.status, resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        body, status, ctype = exc.read(), exc.code, exc.headers.get_content_type()
    fetch = Fetch(url=url, final_url=url, status=status, seconds=time.monotonic() - started, size=len(body),
                  content_type=ctype, fetched_at=at)
    return Page(url=url, fetch=fetch, html=body.decode("utf-8"), encoding="utf-8", depth=depth, is_home=is_home)


def sample_paths() -> list[str]:
    """URL paths of every HTML file of the sample site, the homepage first."""
    paths = []
    for file in sorted(SAMPLE_SITE.rglob("*.html")):
        rel = file.relative_to(SAMPLE_SITE).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    paths.remove("/")
    return ["/", *paths]


def sample_crawl(base: str, site: SiteSpec) -> CrawlResult:
    """Every sample page fetched from ``base`` (``http://127.0.0.1:PORT``) as a CrawlResult."""
    pages = tuple(fetch_page(base + path, depth=0 if path == "/" else 1, is_home=path == "/")
                  for path in sample_paths())
    now = datetime.now(UTC)
    return CrawlResult(site=site, started_at=now, finished_at=now, pages=pages)
