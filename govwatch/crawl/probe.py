"""Availability probes (站点无法访问): one GET per URL through the crawl engine's fetcher, judged by the rule.

Source: 国办秘函〔2019〕19号 单项否决「站点无法访问」— a visit fails when the page is still not open after
15 s; govwatch also counts DNS, TCP, TLS errors, HTTP ≥ 400 and an empty body as failures
(../shared/indicators/national-2019.md §1.1). A probe never retries: a failure is confirmed by a second
probe a minute later (services.probes), not by the fetcher's retry loop.

    async with Prober(timeout=15.0) as prober:
        outcomes = await prober.probe_all(["http://www.example.gov.cn/", ...])
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

import aiohttp

from govwatch.core.clock import utcnow
from govwatch.core.models import Fetch, FetchError
from govwatch.crawl.fetcher import Fetcher, FetchSettings
from govwatch.crawl.politeness import Politeness
from govwatch.crawl.resolver import PinnedResolver

DEFAULT_TIMEOUT = 15.0  # seconds; the indicator's "超过 15 秒仍打不开"
USER_AGENT = "govwatch/0.1 (+政府网站监管平台 可用性监测)"
HTTP_ERROR = "http"  # error kind: HTTP status ≥ 400
EMPTY_BODY = "empty"  # error kind: 2xx/3xx answer without a body
#: Chinese names of the failure kinds, for CLI lines and evidence.
ERROR_LABELS: Mapping[str, str] = {
    FetchError.TIMEOUT.value: "超时", FetchError.DNS.value: "域名解析失败",
    FetchError.DNS_TEMPORARY.value: "域名解析暂时失败", FetchError.CONNECT.value: "无法建立连接",
    FetchError.TLS.value: "TLS/证书错误", FetchError.RESET.value: "连接被重置",
    FetchError.REDIRECT_LOOP.value: "循环跳转", FetchError.TOO_MANY_REDIRECTS.value: "跳转次数过多",
    FetchError.INVALID_URL.value: "网址无效", FetchError.TOO_LARGE.value: "响应过大",
    FetchError.OTHER.value: "其他错误", HTTP_ERROR: "HTTP 错误状态", EMPTY_BODY: "空白页面",
}


@dataclass(frozen=True)
class ProbeOutcome:
    """One probe: ``url`` probed, ``at`` UTC start, ``ok`` per the rule, ``seconds`` wall time, ``status``
    HTTP status of the final answer (None when none arrived), ``error`` the failure kind ('' when ok: a
    :class:`FetchError` value, ``"http"`` or ``"empty"``), ``detail`` the underlying message, ``fetch``
    the fetcher's record of the exchange."""

    url: str
    at: datetime
    ok: bool
    seconds: float
    status: int | None
    error: str
    detail: str
    fetch: Fetch


def judge(fetch: Fetch, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The failure kind of one exchange ('' when the page opened): a fetch error, ``"timeout"`` when it
    took ``timeout`` seconds or more, ``"http"`` for a final status ≥ 400 (or no status), ``"empty"`` for
    an answer with no body bytes."""
    if fetch.error is not None:
        return fetch.error.value
    if fetch.seconds >= timeout:
        return FetchError.TIMEOUT.value
    if fetch.status is None or fetch.status >= 400:
        return HTTP_ERROR
    if fetch.size == 0:
        return EMPTY_BODY
    return ""


class Prober:
    """An aiohttp session for a round of probes; use as ``async with``.

    ``timeout`` seconds per probe, redirects included; ``concurrency`` probes in flight at most;
    ``per_host`` probes in flight per host at most (politeness); ``resolve`` maps ``(host, port)`` to an
    address like ``curl --resolve``. Raises :class:`~govwatch.core.errors.UsageError` for a ``resolve``
    address that is not an IP literal.
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, concurrency: int = 50, per_host: int = 4,
                 resolve: Mapping[tuple[str, int], str] | None = None) -> None:
        self.timeout = timeout
        self._limit = asyncio.Semaphore(max(1, concurrency))
        self._per_host = max(1, per_host)
        self._resolve = dict(resolve or {})
        self._session: aiohttp.ClientSession | None = None
        self._fetcher: Fetcher | None = None

    async def __aenter__(self) -> Prober:
        resolver = PinnedResolver(self._resolve) if self._resolve else None
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=self._per_host, resolver=resolver,
                                         ttl_dns_cache=60, force_close=True)
        # force_close: every probe opens its own connection, so a dead server is seen as dead.
        self._session = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=self.timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"}, trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(), max_field_size=65536, max_line_size=65536)
        self._fetcher = Fetcher(self._session, Politeness(self._per_host, 0.0), FetchSettings(retries=0))
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = self._fetcher = None

    async def probe(self, url: str) -> ProbeOutcome:
        """Probe ``url`` once (GET, body sampled) → ProbeOutcome; never raises for network trouble."""
        if self._fetcher is None:
            raise RuntimeError("Prober used outside 'async with'")
        async with self._limit:
            at, started = utcnow(), time.perf_counter()
            try:
                async with asyncio.timeout(self.timeout):
                    fetch = (await self._fetcher.get(url)).fetch
            except TimeoutError:  # the whole exchange (redirects included) ran past the limit
                fetch = Fetch(url=url, final_url=url, status=None, seconds=time.perf_counter() - started,
                              size=0, content_type="", fetched_at=at, error=FetchError.TIMEOUT,
                              error_detail=f"no answer within {self.timeout:g} s")
        error = judge(fetch, self.timeout)
        detail = fetch.error_detail or (f"HTTP {fetch.status}" if error == HTTP_ERROR else "")
        return ProbeOutcome(url=url, at=at, ok=not error, seconds=fetch.seconds, status=fetch.status,
                            error=error, detail=detail[:300], fetch=fetch)

    async def probe_all(self, urls: Iterable[str]) -> list[ProbeOutcome]:
        """Probe every URL concurrently (at most ``concurrency`` at a time); outcomes in input order."""
        return list(await asyncio.gather(*(self.probe(url) for url in urls)))


async def probe_urls(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT, concurrency: int = 50,
                     resolve: Mapping[tuple[str, int], str] | None = None) -> list[ProbeOutcome]:
    """Probe ``urls`` in one :class:`Prober` session; outcomes in input order."""
    async with Prober(timeout=timeout, concurrency=concurrency, resolve=resolve) as prober:
        return await prober.probe_all(urls)


def probe_urls_sync(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT, concurrency: int = 50,
                    resolve: Mapping[tuple[str, int], str] | None = None) -> list[ProbeOutcome]:
    """:func:`probe_urls` in a fresh event loop (``asyncio.run``), for synchronous callers."""
    box: list[list[ProbeOutcome]] = []

    async def main() -> None:
        box.append(await probe_urls(urls, timeout, concurrency, resolve))

    asyncio.run(main())
    return box[0]
