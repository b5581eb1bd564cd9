"""The browser layer: launch switches, host mapping, rendering, screenshots, failed pages, the sample."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime

from seckit import HOST, base, needs_chromium, render

from govwatch.browser import BASE_ARGS, launch_args, render_pages, sample_urls
from govwatch.browser.chromium import resolver_rules
from govwatch.core import CrawlResult, Fetch, Page, SiteSpec
from govwatch.sample.server import ServerThread


def test_launch_args_pin_hosts_like_curl_resolve() -> None:
    pins = {("www.a.gov.cn", 8080): "127.0.0.1", ("b.gov.cn", 443): "::1"}
    assert resolver_rules(pins) == "MAP b.gov.cn:443 [::1]:443, MAP www.a.gov.cn:8080 127.0.0.1:8080"
    args = launch_args(pins)
    assert args[: len(BASE_ARGS)] == list(BASE_ARGS) and "--no-sandbox" in args
    assert args[-1] == "--host-resolver-rules=MAP b.gov.cn:443 [::1]:443, MAP www.a.gov.cn:8080 127.0.0.1:8080"
    assert launch_args({}) == list(BASE_ARGS)


def _page(url: str, html: str, *, home: bool = False, status: int = 200) -> Page:
    fetch = Fetch(url=url, final_url=url, status=status, seconds=0.1, size=len(html), content_type="text/html",
                  fetched_at=datetime(2026, 11, 29, tzinfo=UTC))
    return Page(url=url, fetch=fetch, html=html, encoding="utf-8", depth=0 if home else 1, is_home=home)


def test_sample_is_home_then_columns_then_pages_lacking_the_footer() -> None:
    h = "http://x.gov.cn"
    pages = (_page(f"{h}/", "<p>首页</p>", home=True), _page(f"{h}/a.html", "<p>有底部</p>"),
             _page(f"{h}/col/", "<p>栏目</p>"), _page(f"{h}/b.html", "<p>无底部</p>"),
             _page(f"{h}/gone.html", "", status=404), _page(f"{h}/c.html", "<p>无底部</p>"))
    crawl = CrawlResult(site=SiteSpec(home_url=f"{h}/"), started_at=pages[0].fetch.fetched_at,
                        finished_at=pages[0].fetch.fetched_at, pages=pages)
    lacks = lambda page: "无底部" in page.html  # noqa: E731
    assert sample_urls(crawl, [f"{h}/col/", f"{h}/missing/"], lacks) == [f"{h}/", f"{h}/col/", f"{h}/b.html", f"{h}/c.html"]
    assert sample_urls(crawl, [f"{h}/col/"], lacks, limit=3) == [f"{h}/", f"{h}/col/", f"{h}/b.html"]
    assert sample_urls(crawl) == [f"{h}/"]


@needs_chromium
def test_renders_under_the_pinned_host_with_screenshot(site_server: ServerThread, tmp_path) -> None:
    (page,) = render(site_server.port, ["/jsfooter/index.html"], tmp_path)
    assert page.status == 200 and page.error == ""
    assert page.final_url == base(site_server.port) + "/jsfooter/index.html"
    assert site_server.sample.hits["/js/footer.js"] >= 1  # the page's own script ran, from the pinned host
    assert "沪ICP备12345678号" in page.html and "沪ICP备" not in page.raw_html
    assert page.screenshot.startswith(str(tmp_path)) and page.screenshot.endswith(".jpg")
    assert page.scripts == (f"http://{HOST}:{site_server.port}/js/footer.js",)


@needs_chromium
def test_a_page_that_cannot_load_is_data_not_an_exception() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (page,) = asyncio.run(render_pages([f"http://127.0.0.1:{port}/"], timeout=5))
    assert page.status is None and page.html == "" and "ERR_CONNECTION_REFUSED" in page.error
