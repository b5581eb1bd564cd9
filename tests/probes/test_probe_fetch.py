"""One probe over real HTTP on 127.0.0.1: each failure kind the rule names, judged as the rule says."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from probekit import EMPTY_HOST

from govwatch.core.models import Fetch, FetchError
from govwatch.crawl.probe import EMPTY_BODY, HTTP_ERROR, judge, probe_urls_sync
from govwatch.sample.server import ServerThread


def test_a_page_that_opens_is_ok(server: ServerThread) -> None:
    [out] = probe_urls_sync([server.url + "/"], timeout=5)
    assert out.ok and out.error == "" and out.status == 200 and out.fetch.size > 0
    assert 0 < out.seconds < 5 and out.at.tzinfo is not None


def test_failure_kinds(server: ServerThread, resolve: dict[tuple[str, int], str], closed_port: int) -> None:
    urls = {
        "timeout": server.url + "/slow?s=3",
        "http": server.url + "/status/500",
        "http404": server.url + "/status/404",
        "reset": server.url + "/reset",
        "empty": f"http://{EMPTY_HOST}:{server.port}/",
        "connect": f"http://127.0.0.1:{closed_port}/",
        "dns": "http://no-such-host.invalid/",
        "tls": server.url.replace("http://", "https://") + "/",
    }
    started = time.perf_counter()
    outcomes = dict(zip(urls, probe_urls_sync(urls.values(), timeout=0.8, resolve=resolve), strict=True))
    assert time.perf_counter() - started < 3  # probed concurrently, the slow one cut at 0.8 s
    expected = {"timeout": FetchError.TIMEOUT.value, "http": HTTP_ERROR, "http404": HTTP_ERROR,
                "reset": FetchError.RESET.value, "empty": EMPTY_BODY, "connect": FetchError.CONNECT.value,
                "dns": FetchError.DNS.value, "tls": FetchError.TLS.value}
    assert {k: o.error for k, o in outcomes.items()} == expected
    assert not any(o.ok for o in outcomes.values())
    assert outcomes["http"].status == 500 and outcomes["empty"].status == 200
    assert 0.7 <= outcomes["timeout"].seconds < 1.5
    assert outcomes["timeout"].status is None and outcomes["dns"].detail


def test_a_probe_never_retries(server: ServerThread) -> None:
    """The confirmation is a second probe a minute later, not a retry inside the first."""
    [out] = probe_urls_sync([server.url + "/flaky?fail=1&probe=once"], timeout=5)
    assert not out.ok and out.status == 503
    assert server.sample.hits["/flaky?fail=1&probe=once"] == 1


def test_redirects_are_followed(server: ServerThread) -> None:
    [out] = probe_urls_sync([server.url + "/redirect?n=2"], timeout=5)
    assert out.ok and len(out.fetch.redirects) == 2


def _fetch(**kw: object) -> Fetch:
    base: dict[str, object] = dict(url="http://a.gov.cn/", final_url="http://a.gov.cn/", status=200, seconds=1.0,
                                   size=10, content_type="text/html", fetched_at=datetime(2026, 5, 1, tzinfo=UTC))
    return Fetch(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize("fields, kind", [
    ({}, ""),
    ({"seconds": 15.0}, "timeout"),  # "超过 15 秒仍打不开": 15 s itself is a failure
    ({"seconds": 14.99}, ""),
    ({"status": 399}, ""),
    ({"status": 400}, HTTP_ERROR),
    ({"status": None, "error": FetchError.TLS}, "tls"),
    ({"size": 0}, EMPTY_BODY),
])
def test_judge(fields: dict[str, object], kind: str) -> None:
    assert judge(_fetch(**fields), timeout=15.0) == kind
