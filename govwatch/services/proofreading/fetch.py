"""One web page for the proofreading service, fetched with the crawl engine's fetcher (one GET, redirects
followed, ``timeout`` seconds for the whole exchange — the indicator's 15 s — no retries)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp

from govwatch.core.models import FetchError
from govwatch.crawl.encoding import decode_html
from govwatch.crawl.fetcher import Fetcher, FetchSettings, is_html_type
from govwatch.crawl.politeness import Politeness
from govwatch.crawl.probe import ERROR_LABELS
from govwatch.crawl.resolver import PinnedResolver
from govwatch.proofread.inputs import MAX_BYTES, InputError

USER_AGENT = "govwatch/0.1 (+政府网站监管平台 自动化校对)"


@dataclass(frozen=True)
class FetchedPage:
    """``url`` asked for, ``final_url`` after redirects, ``html`` decoded, ``size`` bytes read."""

    url: str
    final_url: str
    html: str
    size: int


async def fetch_page_async(url: str, timeout: float = 15.0, resolve: Mapping[tuple[str, int], str] | None = None,
                           max_bytes: int = MAX_BYTES) -> FetchedPage:
    """GET ``url`` → FetchedPage. Raises InputError (Chinese) for a dead URL (network error, timeout,
    HTTP ≥ 400), a non-HTML answer or an empty page; UsageError for a bad ``resolve`` address."""
    resolver = PinnedResolver(resolve) if resolve else None
    connector = aiohttp.TCPConnector(limit=4, resolver=resolver, force_close=True)
    async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=timeout), trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"},
            max_field_size=65536, max_line_size=65536) as session:
        fetcher = Fetcher(session, Politeness(1, 0.0), FetchSettings(max_bytes=max_bytes, retries=0))
        try:
            async with asyncio.timeout(timeout):
                result = await fetcher.get(url, wants_body=lambda _url, _type: True)
        except TimeoutError:
            raise InputError(f"网址 {url} 在 {timeout:g} 秒内没有响应，无法校对。") from None
    fetch = result.fetch
    if fetch.error is not None:
        label = ERROR_LABELS.get(fetch.error.value, fetch.error.value)
        if fetch.error == FetchError.TIMEOUT:
            raise InputError(f"网址 {url} 在 {timeout:g} 秒内没有响应，无法校对。")
        if fetch.error == FetchError.TOO_LARGE:
            raise InputError(f"网址 {url} 的网页超过 {max_bytes / 1048576:.0f} MB 的上限，无法校对。")
        raise InputError(f"无法打开网址 {url}（{label}{'：' + fetch.error_detail if fetch.error_detail else ''}），无法校对。")
    if fetch.status is None or fetch.status >= 400:
        raise InputError(f"网址 {url} 返回 HTTP {fetch.status}，无法校对。")
    if not is_html_type(fetch.content_type):
        raise InputError(f"网址 {url} 不是网页（类型 {fetch.content_type}）：文件请下载后按文件校对。")
    html = decode_html(result.body or b"", result.charset)[0]
    if not html.strip():
        raise InputError(f"网址 {url} 返回空白页面，无法校对。")
    return FetchedPage(url, fetch.final_url or url, html, fetch.size)


def fetch_page(url: str, timeout: float = 15.0, resolve: Mapping[tuple[str, int], str] | None = None,
               max_bytes: int = MAX_BYTES) -> FetchedPage:
    """:func:`fetch_page_async` in a fresh event loop."""
    box: list[FetchedPage] = []

    async def main() -> None:
        box.append(await fetch_page_async(url, timeout, resolve, max_bytes))

    asyncio.run(main())
    return box[0]
