"""Helpers for the security tests: the project-written fixture site, rendering it in Chromium, and a
ScanContext around rendered pages (real browser output, no stand-ins for our layers)."""

from __future__ import annotations

import asyncio
import ssl
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from govwatch.browser import browser_missing, render_pages
from govwatch.checks.base import ScanContext
from govwatch.core import CrawlResult, SiteSpec
from govwatch.core.rendered import RenderedPage
from govwatch.extract.facts import SiteFacts

SITE = Path(__file__).parent / "site"
TLS = Path(__file__).parent / "tls"  # a test CA (ca.pem) and a leaf for www.safe.gov.cn, wsjkw.sh.gov.cn, 127.0.0.1
HOST = "www.safe.gov.cn"  # served from 127.0.0.1 through --host-resolver-rules, like curl --resolve
TODAY = date(2026, 11, 29)
needs_chromium = pytest.mark.skipif(bool(browser_missing()), reason=browser_missing() or "chromium present")


def tls_context() -> ssl.SSLContext:
    """Server-side TLS context with the test leaf certificate (valid 2026-11-29 … 2036-11-26)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "leaf.pem", TLS / "leaf.key")
    return context


def base(port: int) -> str:
    """The fixture site's base URL under its pretend host."""
    return f"http://{HOST}:{port}"


def raw(url: str, port: int) -> str:
    """The raw HTML of ``url`` as the crawl would fetch it (Host header kept)."""
    path = url.split(f":{port}", 1)[1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{HOST}:{port}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read().decode("utf-8")


def render(port: int, paths: list[str], shots: Path | None) -> list[RenderedPage]:
    """Render fixture ``paths`` (e.g. '/hidden/display.html') with their raw HTML and screenshots."""
    urls = [base(port) + p for p in paths]
    return asyncio.run(render_pages(urls, resolve={(HOST, port): "127.0.0.1"},
                                    raw_html={u: raw(u, port) for u in urls}, screenshot_dir=shots))


def context(port: int, rendered: list[RenderedPage], site: SiteSpec | None = None) -> ScanContext:
    """A ScanContext of the fixture site holding ``rendered`` (no crawled pages)."""
    site = site or SiteSpec(home_url=base(port) + "/clean/index.html")
    at = datetime(2026, 11, 29, tzinfo=UTC)
    crawl = CrawlResult(site=site, started_at=at, finished_at=at, pages=())
    return ScanContext(site, crawl, SiteFacts(home_url=site.home_url), TODAY, tuple(rendered))
