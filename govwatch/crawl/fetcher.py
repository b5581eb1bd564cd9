"""One exchange with a server → a :class:`Fetch` (+ the body when asked for): redirects, retries,
timeouts, size cap and error kinds (issue #2 §2).

Redirects are followed here (``allow_redirects=False``), at most ``max_redirects``, loops detected.
Each hop is retried on transient trouble only — timeout, reset, refused, temporary DNS failure, 5xx
(not 501) and 429 — with exponential back-off and jitter, or after the server's Retry-After (capped).
Every single request goes through its host's :class:`~govwatch.crawl.politeness.HostGate`.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import aiohttp
from yarl import URL

from govwatch.core.clock import utcnow
from govwatch.core.models import Fetch, FetchError
from govwatch.crawl.encoding import decode_html
from govwatch.crawl.politeness import Outcome, Politeness
from govwatch.crawl.urls import InvalidURL, host_of, normalize_url

SAMPLE_BYTES = 8192  # bytes read from a body that is only checked (enough for a WAF page's text)
_CHUNK = 65536
_TRANSIENT_ERRORS = frozenset({FetchError.TIMEOUT, FetchError.RESET, FetchError.CONNECT,
                               FetchError.DNS_TEMPORARY})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_KEPT_HEADERS = ("Server", "Last-Modified", "ETag", "Content-Length", "Retry-After")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
#: HEAD answers that say more about the server's HEAD support than about the URL: confirm with GET.
_HEAD_DOUBTFUL_ERRORS = frozenset({FetchError.RESET, FetchError.OTHER})

#: ``wants_body(final_url, content_type)`` → read the whole body (≤ max_bytes) instead of a sample.
BodyPolicy = Callable[[str, str], bool]


@dataclass(frozen=True)
class FetchSettings:
    """The fetch-related part of the crawl options: seconds, bytes, counts."""

    max_bytes: int = 10_000_000
    max_redirects: int = 10
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry; doubles each retry, ±50 % jitter
    max_retry_after: float = 30.0  # seconds; a longer Retry-After is honoured up to this


@dataclass(frozen=True)
class FetchResult:
    """A :class:`Fetch` plus what was read: ``body`` the whole body when the policy asked for it (else
    None), ``sample`` the first ≤ 8 KB otherwise, ``charset`` the Content-Type header's charset."""

    fetch: Fetch
    body: bytes | None = None
    sample: bytes = b""
    charset: str | None = None


@dataclass
class _Answer:
    """What one request (one hop, one attempt) produced."""

    url: str
    status: int | None = None
    error: FetchError | None = None
    detail: str = ""
    location: str | None = None
    retry_after: float | None = None
    content_type: str = ""
    charset: str | None = None
    headers: dict[str, str] | None = None
    body: bytes | None = None
    sample: bytes = b""
    size: int = 0

    @property
    def transient(self) -> bool:
        if self.error is not None:
            return self.error in _TRANSIENT_ERRORS
        return self.status == 429 or (self.status is not None and self.status >= 500 and self.status != 501)


class Fetcher:
    """Runs exchanges over one aiohttp session with per-host politeness."""

    def __init__(self, session: aiohttp.ClientSession, politeness: Politeness,
                 settings: FetchSettings = FetchSettings()) -> None:
        self.session = session
        self.politeness = politeness
        self.settings = settings
        self.bytes_read = 0

    async def get(self, url: str, wants_body: BodyPolicy | None = None) -> FetchResult:
        """GET ``url`` following redirects; read the whole final body when ``wants_body`` says so."""
        return await self._exchange("GET", url, wants_body)

    async def check(self, url: str) -> FetchResult:
        """Check ``url`` without parsing: HEAD, then GET (sampled body) when HEAD was refused or looked odd
        (405/403/501 and other 4xx/5xx but 429/502/503/504, a reset or a malformed answer)."""
        head = await self._exchange("HEAD", url, None)
        if not _head_doubtful(head.fetch):
            return head
        got = await self._exchange("GET", url, None)
        merged = replace(got.fetch, seconds=head.fetch.seconds + got.fetch.seconds,
                         attempts=head.fetch.attempts + got.fetch.attempts, fetched_at=head.fetch.fetched_at)
        return replace(got, fetch=merged)

    async def _exchange(self, method: str, url: str, wants_body: BodyPolicy | None) -> FetchResult:
        started, fetched_at = time.perf_counter(), utcnow()
        chain: list[str] = []
        current, attempts = url, 0
        while True:
            answer, tries = await self._with_retries(method, current, wants_body)
            attempts += tries
            if answer.location is None or answer.error is not None:
                break
            chain.append(current)
            nxt, error = _next_hop(current, answer.location, chain, self.settings.max_redirects)
            if error is not None:
                answer.error, answer.detail = error, f"Location: {answer.location}"
                break
            assert nxt is not None  # _next_hop returns a URL or an error
            current = nxt
        fetch = Fetch(
            url=url, final_url=current, status=answer.status, seconds=time.perf_counter() - started,
            size=answer.size, content_type=answer.content_type, fetched_at=fetched_at, error=answer.error,
            error_detail=answer.detail, redirects=tuple(chain), method=method, attempts=attempts,
            retry_after=answer.retry_after, headers=answer.headers or {},
        )
        return FetchResult(fetch, answer.body, answer.sample, answer.charset)

    async def _with_retries(self, method: str, url: str, wants_body: BodyPolicy | None) -> tuple[_Answer, int]:
        settings = self.settings
        for attempt in range(settings.retries + 1):
            answer = await self._request(method, url, wants_body)
            if not answer.transient or attempt == settings.retries:
                return answer, attempt + 1
            if answer.retry_after is not None:
                wait = min(answer.retry_after, settings.max_retry_after)
                self.politeness.gate(host_of(url)).pause(wait)
                await asyncio.sleep(wait)
            else:
                await asyncio.sleep(settings.backoff * 2**attempt * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request(self, method: str, url: str, wants_body: BodyPolicy | None) -> _Answer:
        gate = self.politeness.gate(host_of(url))
        await gate.acquire()
        started = time.perf_counter()
        answer = _Answer(url)
        try:
            async with self.session.request(method, URL(url, encoded=True), allow_redirects=False) as resp:
                await self._take(resp, answer, method, wants_body)
        except Exception as exc:  # every failure becomes data (DESIGN.md §2)
            answer.error, answer.detail = classify_error(exc), f"{type(exc).__name__}: {exc}"[:300]
        finally:
            gate.release(_outcome(answer), time.perf_counter() - started)
        self.bytes_read += answer.size
        return answer

    async def _take(self, resp: aiohttp.ClientResponse, answer: _Answer, method: str,
                    wants_body: BodyPolicy | None) -> None:
        answer.status = resp.status
        raw_type = resp.headers.get("Content-Type", "")
        answer.content_type = raw_type.split(";", 1)[0].strip().lower()
        answer.charset = resp.charset if raw_type else None
        answer.headers = {k: resp.headers[k] for k in _KEPT_HEADERS if k in resp.headers}
        answer.retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        if resp.status in _REDIRECTS and "Location" in resp.headers:
            answer.location = resp.headers["Location"]
            return
        if method == "HEAD" or not 200 <= resp.status < 300:
            return
        if wants_body is not None and wants_body(answer.url, answer.content_type):
            await _read_all(resp, answer, self.settings.max_bytes)
        else:
            await _read_sample(resp, answer)


async def _read_all(resp: aiohttp.ClientResponse, answer: _Answer, cap: int) -> None:
    """Read the body into ``answer.body``, or flag TOO_LARGE past ``cap`` bytes (body then None)."""
    declared = resp.content_length
    if declared is not None and declared > cap:
        answer.error, answer.detail = FetchError.TOO_LARGE, f"Content-Length {declared} > {cap}"
        resp.close()
        return
    chunks: list[bytes] = []
    async for chunk in resp.content.iter_chunked(_CHUNK):
        answer.size += len(chunk)
        if answer.size > cap:
            answer.error, answer.detail = FetchError.TOO_LARGE, f"body > {cap} bytes"
            resp.close()  # hang up rather than drain the rest
            return
        chunks.append(chunk)
    answer.body = b"".join(chunks)


async def _read_sample(resp: aiohttp.ClientResponse, answer: _Answer) -> None:
    parts: list[bytes] = []
    async for chunk in resp.content.iter_chunked(_CHUNK):
        parts.append(chunk)
        answer.size += len(chunk)
        if answer.size >= SAMPLE_BYTES:
            resp.close()
            break
    answer.sample = b"".join(parts)[:SAMPLE_BYTES]


def _next_hop(current: str, location: str, chain: list[str],
              max_redirects: int) -> tuple[str | None, FetchError | None]:
    try:
        nxt = normalize_url(urljoin(current, location))
    except InvalidURL:
        return None, FetchError.INVALID_URL
    if nxt is None:
        return None, FetchError.INVALID_URL
    if nxt in chain:
        return None, FetchError.REDIRECT_LOOP
    if len(chain) > max_redirects:
        return None, FetchError.TOO_MANY_REDIRECTS
    return nxt, None


def _head_doubtful(fetch: Fetch) -> bool:
    if fetch.error is not None:
        return fetch.error in _HEAD_DOUBTFUL_ERRORS
    status = fetch.status or 0
    return status >= 400 and status not in (429, 502, 503, 504)


def _outcome(answer: _Answer) -> Outcome:
    if answer.error is FetchError.TIMEOUT or answer.status in (429, 503):
        return Outcome.OVERLOAD
    return Outcome.FAILURE if answer.error is not None else Outcome.SUCCESS


def is_html_type(content_type: str) -> bool:
    """True for content types parsed as HTML (text/html, XHTML, or none given)."""
    return content_type in _HTML_TYPES


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - utcnow()).total_seconds())


def classify_error(exc: BaseException) -> FetchError:
    """Map an aiohttp/OS exception to a :class:`FetchError` kind (dns vs dns_temporary by errno)."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        errno = getattr(exc.os_error, "errno", None)
        return FetchError.DNS_TEMPORARY if errno == socket.EAI_AGAIN else FetchError.DNS
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return FetchError.TLS
    if isinstance(exc, TimeoutError):  # asyncio.TimeoutError and aiohttp's timeout errors
        return FetchError.TIMEOUT
    if isinstance(exc, aiohttp.ClientConnectorError):
        return FetchError.CONNECT
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError | ConnectionResetError
                   | aiohttp.ClientOSError):
        return FetchError.RESET
    if isinstance(exc, aiohttp.InvalidURL | ValueError):
        return FetchError.INVALID_URL
    return FetchError.OTHER


def sample_text(result: FetchResult) -> str:
    """The decoded first bytes of an HTML answer that was checked, not parsed ('' otherwise): what the
    verdict reads to tell a WAF/captcha page from a real one."""
    if not result.sample or not is_html_type(result.fetch.content_type):
        return ""
    return decode_html(result.sample, result.charset)[0]
