"""HTTP for the collectors: one GET → an :class:`Answer` (never an exception), politely.

Every request goes through the host's slot in a :class:`~govwatch.sources.limiter.HostLimiter`.
Transient trouble (timeout, reset, refused, 5xx but 501, 429) is retried ``retries`` times, after the
server's Retry-After (seconds or HTTP date, capped at ``max_retry_after``; the whole host pauses) or
an exponential back-off. 418/403/412 are the platforms' anti-crawler answers and are not retried.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime

import aiohttp

from govwatch.core.newmedia import CollectErrorKind
from govwatch.core.urls import host_of as host_of
from govwatch.sources.limiter import HostLimiter

_ANTI_CRAWLER = frozenset({403, 412, 418})
_TRANSIENT_KINDS = frozenset({CollectErrorKind.TIMEOUT, CollectErrorKind.NETWORK, CollectErrorKind.RATE_LIMITED})


@dataclass(frozen=True)
class CollectorSettings:
    """How patiently and politely the collectors fetch. Seconds, bytes, counts.

    ``timeout`` per request; ``retries`` for transient errors; ``backoff`` seconds before the first retry
    (doubling); ``max_retry_after`` cap on a Retry-After; ``max_bytes`` body cap; ``interval`` seconds
    between request starts to one host and ``host_intervals`` per-host overrides; ``per_host`` requests
    in flight per host; ``accounts_at_once`` accounts collected concurrently; ``headers_by_host`` extra
    headers per host (a ``Cookie`` for m.weibo.cn); ``user_agent`` sent with every request.
    """

    timeout: float = 15.0
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: float = 30.0
    max_bytes: int = 5_000_000
    interval: float = 1.0
    host_intervals: Mapping[str, float] = field(
        default_factory=lambda: {"m.weibo.cn": 3.0, "mp.weixin.qq.com": 3.0})
    per_host: int = 2
    accounts_at_once: int = 16
    headers_by_host: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    user_agent: str = ("Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Mobile Safari/537.36 govwatch/0.1")


@dataclass(frozen=True)
class Answer:
    """The outcome of one GET after retries: ``status`` None when no response arrived; ``error`` the kind
    of failure (None for a 2xx); ``message`` Chinese reason; ``final_url`` after redirects; ``seconds``
    wall time of all attempts; ``attempts`` tries made."""

    url: str
    final_url: str
    status: int | None
    body: bytes = field(default=b"", repr=False)
    content_type: str = ""
    charset: str | None = None
    error: CollectErrorKind | None = None
    message: str = ""
    attempts: int = 1
    seconds: float = 0.0
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """True when a 2xx response arrived."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        """The body decoded with its charset (UTF-8 by default; GBK read as GB18030), bad bytes replaced."""
        codec = (self.charset or "utf-8").lower()
        if codec in ("gbk", "gb2312"):
            codec = "gb18030"
        try:
            return self.body.decode(codec, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header as seconds from now (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def classify_status(status: int) -> tuple[CollectErrorKind | None, str]:
    """The failure kind and Chinese reason an HTTP status stands for; (None, '') for 2xx."""
    if 200 <= status < 300:
        return None, ""
    if status in _ANTI_CRAWLER:
        return CollectErrorKind.ANTI_CRAWLER, f"平台拒绝访问（HTTP {status}），疑似触发反爬虫限制"
    if status == 401:
        return CollectErrorKind.CREDENTIALS, "平台要求登录（HTTP 401），采集凭据可能已失效"
    if status == 429:
        return CollectErrorKind.RATE_LIMITED, "平台限流（HTTP 429），等待后仍未恢复"
    if status in (404, 410):
        return CollectErrorKind.NOT_FOUND, f"地址不存在（HTTP {status}）"
    return CollectErrorKind.HTTP, f"平台返回错误（HTTP {status}）"


class HttpClient:
    """An aiohttp session plus a :class:`HostLimiter`; use as ``async with HttpClient(settings) as c``."""

    def __init__(self, settings: CollectorSettings | None = None, limiter: HostLimiter | None = None) -> None:
        self.settings = settings or CollectorSettings()
        self.limiter = limiter or HostLimiter(self.settings.interval, self.settings.per_host,
                                              self.settings.host_intervals)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> HttpClient:
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout)
        self._session = aiohttp.ClientSession(timeout=timeout, headers={"User-Agent": self.settings.user_agent})
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, headers: Mapping[str, str] | None = None) -> Answer:
        """GET ``url`` with retries (see module doc); never raises for network or HTTP trouble."""
        host, started = host_of(url), time.monotonic()
        answer = Answer(url, url, None, error=CollectErrorKind.OTHER, message="未发出请求")
        for attempt in range(self.settings.retries + 1):
            async with self.limiter.slot(host):
                answer = await self._once(url, host, headers)
            answer = _with_timing(answer, attempt + 1, time.monotonic() - started)
            if answer.error not in _TRANSIENT_KINDS and not (answer.status and answer.status >= 500
                                                               and answer.status != 501):
                return answer
            if attempt < self.settings.retries:
                await self._wait_before_retry(host, answer, attempt)
        return answer

    async def _wait_before_retry(self, host: str, answer: Answer, attempt: int) -> None:
        if answer.retry_after is not None:
            self.limiter.pause(host, min(answer.retry_after, self.settings.max_retry_after))
        else:
            await asyncio.sleep(self.settings.backoff * (2 ** attempt))

    async def _once(self, url: str, host: str, headers: Mapping[str, str] | None) -> Answer:
        assert self._session is not None, "HttpClient is used outside 'async with'"
        sent = {**self.settings.headers_by_host.get(host, {}), **(headers or {})}
        try:
            async with self._session.get(url, headers=sent, max_redirects=10) as resp:
                body = await _read(resp, self.settings.max_bytes)
                kind, message = classify_status(resp.status)
                if len(body) > self.settings.max_bytes:
                    body, kind = body[: self.settings.max_bytes], kind or CollectErrorKind.OTHER
                    message = message or f"响应内容超过 {self.settings.max_bytes} 字节的上限"
                return Answer(url, str(resp.url), resp.status, body, resp.content_type or "", resp.charset,
                              kind, message, retry_after=retry_after_seconds(resp.headers.get("Retry-After")))
        except TimeoutError:
            return Answer(url, url, None, error=CollectErrorKind.TIMEOUT,
                          message=f"请求超时（{self.settings.timeout:g} 秒）")
        except aiohttp.TooManyRedirects:
            return Answer(url, url, None, error=CollectErrorKind.HTTP, message="跳转次数过多")
        except aiohttp.InvalidURL as exc:
            return Answer(url, url, None, error=CollectErrorKind.OTHER, message=f"地址无效：{exc}")
        except (aiohttp.ClientError, OSError) as exc:
            return Answer(url, url, None, error=CollectErrorKind.NETWORK, message=f"网络错误：{type(exc).__name__} {exc}")


async def _read(resp: aiohttp.ClientResponse, cap: int) -> bytes:
    """The body, read to its end or to one byte past ``cap`` (so an oversized body is recognised)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            break
    return b"".join(chunks)


def _with_timing(answer: Answer, attempts: int, seconds: float) -> Answer:
    return replace(answer, attempts=attempts, seconds=seconds)
