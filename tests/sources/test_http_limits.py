"""The per-host limiter and the collectors' HTTP client: spacing, Retry-After, never an exception."""

from __future__ import annotations

import asyncio
import time

from nmkit import FAST, run

from govwatch.core import CollectErrorKind
from govwatch.sample.server import ServerThread
from govwatch.sources import CollectorSettings, HostLimiter, collect_accounts
from govwatch.sources.http import retry_after_seconds


def test_limiter_spaces_starts_per_host() -> None:
    async def main() -> dict[str, list[float]]:
        limiter = HostLimiter(interval=0.2, concurrency=4)
        starts: dict[str, list[float]] = {"a": [], "b": []}
        loop = asyncio.get_running_loop()

        async def one(host: str) -> None:
            async with limiter.slot(host):
                starts[host].append(loop.time())

        await asyncio.gather(*(one(h) for h in ("a", "a", "a", "b")))
        return starts

    starts = asyncio.run(main())
    a = sorted(starts["a"])
    assert all(later - earlier >= 0.19 for earlier, later in zip(a, a[1:], strict=False))
    assert starts["b"][0] - a[0] < 0.1  # another host is not held back


def test_limiter_pause_holds_the_host() -> None:
    async def main() -> float:
        limiter = HostLimiter(interval=0.0)
        limiter.pause("a", 0.3)
        began = time.monotonic()
        async with limiter.slot("a"):
            return time.monotonic() - began

    assert asyncio.run(main()) >= 0.28


def test_retry_after_is_honoured(sample_server: ServerThread) -> None:
    settings = CollectorSettings(interval=0.0, host_intervals={}, retries=2, backoff=5.0)
    began = time.monotonic()
    answer = run(lambda c: c.get(sample_server.url + "/429?retry_after=1"), settings)
    assert answer.ok and answer.attempts == 2 and 0.9 <= time.monotonic() - began < 4.0
    assert sample_server.sample.hits["/429?retry_after=1"] == 2
    date_answer = run(lambda c: c.get(sample_server.url + "/429?retry_after=1&date=1"), settings)
    assert date_answer.ok and date_answer.attempts >= 2


def test_network_failures_are_answers(sample_server: ServerThread) -> None:
    slow = CollectorSettings(interval=0.0, host_intervals={}, retries=0, timeout=0.3)
    assert run(lambda c: c.get(sample_server.url + "/slow?s=2"), slow).error is CollectErrorKind.TIMEOUT
    assert run(lambda c: c.get(sample_server.url + "/reset"), slow).error is CollectErrorKind.NETWORK
    assert run(lambda c: c.get("http://127.0.0.1:1/feed.xml"), slow).error is CollectErrorKind.NETWORK
    assert run(lambda c: c.get(sample_server.url + "/redirect-loop"), slow).error is CollectErrorKind.HTTP
    capped = CollectorSettings(interval=0.0, host_intervals={}, retries=0, max_bytes=100_000)
    huge = run(lambda c: c.get(sample_server.url + "/huge"), capped)
    assert huge.error is CollectErrorKind.OTHER and len(huge.body) == 100_000 and "上限" in huge.message
    flaky = run(lambda c: c.get(sample_server.url + "/flaky?fail=1"), FAST)
    assert flaky.ok and flaky.attempts == 2


def test_retry_after_header_forms() -> None:
    assert retry_after_seconds("7") == 7.0 and retry_after_seconds(None) is None
    assert retry_after_seconds("not a date") is None
    assert 0 <= (retry_after_seconds("Wed, 21 Oct 2099 07:28:00 GMT") or 0) > 1e8


def test_collect_accounts_dispatches_and_never_raises(sample_server: ServerThread) -> None:
    from govwatch.core import AccountSpec, Platform

    accounts = [
        AccountSpec(Platform.WECHAT, "订阅源 418", feed_url=sample_server.url + "/status/418"),
        AccountSpec(Platform.DOUYIN, "抖音号"),
        AccountSpec(Platform.WECHAT, "无订阅源的公众号"),
        AccountSpec(Platform.APP, "坏地址", feed_url="http://[::1"),
    ]
    results = collect_accounts(accounts, FAST)
    assert [r.account.name for r in results] == [a.name for a in accounts]
    assert [r.error_kind for r in results] == [CollectErrorKind.ANTI_CRAWLER, CollectErrorKind.UNSUPPORTED,
                                               CollectErrorKind.UNSUPPORTED, CollectErrorKind.OTHER]
    assert not any(r.ok for r in results)
