"""Checking a list of URLs outside a crawl (links in new-media posts): one rule for dead/blocked/ok."""

from __future__ import annotations

from govwatch.core.models import FetchError, LinkVerdict
from govwatch.crawl import CrawlOptions
from govwatch.crawl.linkcheck import check_links_sync
from govwatch.sample.server import ServerThread

FAST = CrawlOptions(retries=0, total_timeout=5.0)


def test_each_url_checked_once_with_the_crawls_verdicts() -> None:
    with ServerThread() as srv:
        urls = [f"{srv.url}/", f"{srv.url}/status/404", f"{srv.url}/status/403",
                f"{srv.url}/status/404#again", "http://gone.invalid/x", "mailto:a@b.gov.cn", "http://[bad"]
        checks = check_links_sync(urls, FAST, {f"{srv.url}/status/404": (("https://mp.weixin.qq.com/s/1", "通知"),)})
        hits = srv.sample.hits["/status/404"]
    verdicts = {c.url.removeprefix(srv.url): c.verdict for c in checks}
    assert verdicts == {"/": LinkVerdict.OK, "/status/404": LinkVerdict.DEAD, "/status/403": LinkVerdict.BLOCKED,
                        "http://gone.invalid/x": LinkVerdict.DEAD}
    assert hits == 2  # HEAD, then GET to confirm a 404; the '#again' spelling is the same URL
    dead = next(c for c in checks if c.url.endswith("/status/404"))
    assert dead.referrers == (("https://mp.weixin.qq.com/s/1", "通知"),) and dead.fetch.status == 404
    assert next(c for c in checks if "gone.invalid" in c.url).fetch.error is FetchError.DNS


def test_nothing_to_check() -> None:
    assert check_links_sync(["javascript:void(0)", ""], FAST) == []
