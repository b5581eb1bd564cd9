"""The fault routes of the sample server, crawled for real: verdicts, retries, redirects, size cap.

One crawl of a homepage that links every fault serves most tests (module-scoped), so the slow faults
(timeouts, Retry-After) run concurrently and the module stays fast.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from crawltestkit import FAST, html, write_site

from govwatch.core import CrawlResult, FetchError, LinkKind, LinkVerdict, SiteSpec
from govwatch.crawl import crawl_site_sync
from govwatch.sample.server import ServerThread

FAULTS = {
    "/status/404": "死链404", "/status/410": "已删除", "/status/403": "禁止访问", "/status/401": "需要登录",
    "/status/500": "服务器错误", "/waf": "防火墙", "/slow?s=5": "很慢", "/429?retry_after=1": "限流",
    "/flaky?fail=2": "时好时坏", "/reset": "断开", "/redirect-loop": "循环跳转", "/redirect?n=12": "跳转太多",
    "/redirect?n=3": "三次跳转", "/huge": "巨大页面", "/gbk": "国标编码",
}
HOME = html("".join(f'<a href="{u}">{t}</a>' for u, t in FAULTS.items())
            + '<img src="/no-head" alt="无HEAD图片"><a href="http://nonexistent.invalid/x.html">外部死链</a>'
            + '<a href="/docs/ok.pdf">附件</a><a href="/docs/missing.pdf">缺失附件</a>', "首页")


@dataclass
class Crawled:
    result: CrawlResult
    server: ServerThread
    seconds: float
    peak_bytes: int

    def check(self, path: str):  # type: ignore[no-untyped-def]
        return self.result.links[self.server.url + path]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    root = write_site(tmp_path_factory.mktemp("faults"), {"index.html": HOME, "docs/ok.pdf": b"%PDF-1.4\n"})
    with ServerThread(roots={"127.0.0.1": root}, default_root=None) as srv:
        tracemalloc.start()
        started = time.perf_counter()
        result = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, total_timeout=1.0, read_timeout=1.0))
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        yield Crawled(result, srv, seconds, peak)


@pytest.mark.parametrize(("path", "verdict"), [
    ("/status/404", LinkVerdict.DEAD), ("/status/410", LinkVerdict.DEAD), ("/status/403", LinkVerdict.BLOCKED),
    ("/status/401", LinkVerdict.BLOCKED), ("/waf", LinkVerdict.BLOCKED), ("/status/500", LinkVerdict.ERROR),
    ("/slow?s=5", LinkVerdict.TIMEOUT), ("/reset", LinkVerdict.ERROR), ("/redirect-loop", LinkVerdict.ERROR),
    ("/redirect?n=12", LinkVerdict.ERROR), ("/huge", LinkVerdict.ERROR), ("/redirect?n=3", LinkVerdict.OK),
    ("/429?retry_after=1", LinkVerdict.OK), ("/flaky?fail=2", LinkVerdict.OK), ("/gbk", LinkVerdict.OK),
    ("/no-head", LinkVerdict.OK), ("/docs/ok.pdf", LinkVerdict.OK), ("/docs/missing.pdf", LinkVerdict.DEAD),
])
def test_verdict_of_each_fault(crawled: Crawled, path: str, verdict: LinkVerdict) -> None:
    check = crawled.check(path)
    assert check.verdict is verdict, check.fetch
    assert check.on_home
    assert check.referrers == ((crawled.server.url + "/", FAULTS.get(path, check.referrers[0][1])),)


def test_404_and_403_are_never_retried(crawled: Crawled) -> None:
    for path in ("/status/404", "/status/403", "/status/410"):
        assert crawled.server.sample.hits[path] == 1
        assert crawled.check(path).fetch.attempts == 1


def test_5xx_is_retried_then_error(crawled: Crawled) -> None:
    fetch = crawled.check("/status/500").fetch
    assert (fetch.status, fetch.attempts) == (500, FAST.retries + 1)
    assert crawled.server.sample.hits["/status/500"] == FAST.retries + 1


def test_429_retry_after_is_honoured_then_ok(crawled: Crawled) -> None:
    fetch = crawled.check("/429?retry_after=1").fetch
    assert fetch.status == 200 and fetch.attempts == 2
    assert fetch.seconds >= 1.0  # waited for the Retry-After, not the 0.02 s back-off


def test_flaky_is_retried_then_ok(crawled: Crawled) -> None:
    fetch = crawled.check("/flaky?fail=2").fetch
    assert (fetch.status, fetch.attempts) == (200, 3)
    assert crawled.result.page(crawled.server.url + "/flaky?fail=2").html  # parsed once it answered


def test_reset_is_a_reset_error(crawled: Crawled) -> None:
    fetch = crawled.check("/reset").fetch
    assert fetch.error is FetchError.RESET and fetch.status is None
    assert fetch.attempts == FAST.retries + 1


def test_timeout(crawled: Crawled) -> None:
    fetch = crawled.check("/slow?s=5").fetch
    assert fetch.error is FetchError.TIMEOUT
    assert fetch.seconds < 5  # gave up long before the server answered


def test_redirect_loop_detected(crawled: Crawled) -> None:
    fetch = crawled.check("/redirect-loop").fetch
    assert fetch.error is FetchError.REDIRECT_LOOP
    base = crawled.server.url
    assert fetch.redirects == (base + "/redirect-loop", base + "/redirect-loop/b")
    assert crawled.server.sample.hits["/redirect-loop"] == 1


def test_too_many_redirects(crawled: Crawled) -> None:
    fetch = crawled.check("/redirect?n=12").fetch
    assert fetch.error is FetchError.TOO_MANY_REDIRECTS
    assert len(fetch.redirects) == FAST.max_redirects + 1
    assert crawled.server.sample.hits["/redirect?n=0"] <= 1  # never reached through this chain


def test_redirect_chain_recorded_and_final_page_parsed(crawled: Crawled) -> None:
    base = crawled.server.url
    page = crawled.result.page(base + "/redirect?n=3")
    assert page is not None and "到达" in page.html
    assert page.fetch.final_url == base + "/redirect?n=0"
    assert page.fetch.redirects == tuple(f"{base}/redirect?n={n}" for n in (3, 2, 1))


def test_huge_body_is_capped(crawled: Crawled) -> None:
    page = crawled.result.page(crawled.server.url + "/huge")
    assert page is not None and page.html == ""  # not parsed
    assert page.fetch.error is FetchError.TOO_LARGE
    assert page.fetch.size <= FAST.max_bytes + 65536
    assert crawled.result.stats.bytes < 3 * FAST.max_bytes  # the 50 MB body was not read
    assert crawled.peak_bytes < 30_000_000


def test_whole_fault_crawl_is_fast(crawled: Crawled) -> None:
    # timeouts (1 s × 3 tries) and Retry-After run concurrently; the 50 MB body is never read whole
    assert crawled.seconds < 8


def test_gbk_page_decoded_as_gb18030(crawled: Crawled) -> None:
    page = crawled.result.page(crawled.server.url + "/gbk")
    assert page is not None
    assert page.encoding == "gb18030"
    assert "朱镕基" in page.html


def test_head_then_get_when_head_refused(crawled: Crawled) -> None:
    check = crawled.check("/no-head")
    assert crawled.server.sample.methods["/no-head"] == ["HEAD", "GET"]
    assert check.kind is LinkKind.IMAGE and check.fetch.method == "GET" and check.fetch.status == 200


def test_attachment_checked_with_head_only(crawled: Crawled) -> None:
    assert crawled.server.sample.methods["/docs/ok.pdf"] == ["HEAD"]
    assert crawled.check("/docs/ok.pdf").kind is LinkKind.ATTACHMENT
    # a 404 on HEAD is confirmed with GET before the link is called dead
    assert crawled.server.sample.methods["/docs/missing.pdf"] == ["HEAD", "GET"]


def test_unresolvable_external_host_is_dead_dns(crawled: Crawled) -> None:
    check = crawled.result.links["http://nonexistent.invalid/x.html"]
    assert check.kind is LinkKind.EXTERNAL
    assert check.fetch.error is FetchError.DNS
    assert check.verdict is LinkVerdict.DEAD


def test_failed_pages_still_listed(crawled: Crawled) -> None:
    base = crawled.server.url
    for path in ("/status/404", "/status/500", "/reset", "/slow?s=5", "/redirect-loop"):
        page = crawled.result.page(base + path)
        assert page is not None and page.html == "" and not page.fetch.ok


def test_retry_after_http_date(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="/429?retry_after=1&date=1">限流</a>')})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, retries=4))
    fetch = result.links[srv.url + "/429?date=1&retry_after=1"].fetch
    assert fetch.status == 200 and fetch.attempts >= 2
    assert fetch.seconds >= 0.9  # waited until the date, not the short back-off


def test_connection_refused_is_dead_after_retries(serve) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = serve({"index.html": html(f'<a href="http://localhost:{port}/gone.html">拒绝连接</a>')})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    check = result.links[f"http://localhost:{port}/gone.html"]
    assert check.fetch.error is FetchError.CONNECT
    assert check.verdict is LinkVerdict.DEAD
    assert check.fetch.attempts == FAST.retries + 1
