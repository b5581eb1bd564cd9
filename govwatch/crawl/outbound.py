"""Follow a site's external links (友情链接, 上级网站) to see what they lead to now (issue #7 §4): does the
name still resolve, and what page answers. Judged by :mod:`govwatch.checks.links_hijacked` (parked
domain, spam words).

"Does not resolve" is only believed when it is certain: a name under a special-use TLD that never
resolves (RFC 6761: .invalid, .test, .example, .localhost), or NXDOMAIN while the machine's resolver
answers a control name. On a machine without working DNS every name fails, and that proves nothing.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping, Sequence

import aiohttp

from govwatch.core.transport import OutboundProbe
from govwatch.core.urls import host_of
from govwatch.crawl.resolver import PinnedResolver
from govwatch.crawl.seo_probe import fetch_text

NEVER_RESOLVE = (".invalid", ".test", ".example")  # RFC 6761 §6.2–6.4
CONTROL_NAMES = ("www.gov.cn", "www.baidu.com")


async def _lookup(host: str) -> tuple[bool | None, str]:
    if host.endswith(NEVER_RESOLVE) or host in ("invalid", "test", "example"):
        return False, "RFC 6761 保留的顶级域名，永远无法解析"
    try:
        await asyncio.get_running_loop().getaddrinfo(host, 80, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_NONAME:
            return False, f"域名不存在（{exc.strerror}）"
        return None, f"域名解析暂时失败（{exc.strerror}）"
    return True, ""


async def resolver_works(names: Sequence[str] = CONTROL_NAMES) -> bool:
    """True when the machine's resolver answers any of the control ``names``."""
    for name in names:
        ok, _ = await _lookup(name)
        if ok:
            return True
    return False


async def probe_outbound(links: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]], *,
                         resolve: Mapping[tuple[str, int], str] | None = None, timeout: float = 10.0,
                         user_agent: str = "govwatch/0.1", resolver_ok: bool | None = None,
                         concurrency: int = 6) -> tuple[tuple[OutboundProbe, ...], bool]:
    """Follow each external link: ``links`` maps URL → (anchor texts, source pages). A pinned host
    (``resolve``) resolves. Returns (probes in the order of ``links``, whether the resolver works —
    ``resolver_ok`` when given, else asked of the control names)."""
    pins = dict(resolve or {})
    pinned_hosts = {host for host, _ in pins}
    working = await resolver_works() if resolver_ok is None else resolver_ok
    gate = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(resolver=PinnedResolver(pins), ssl=False, limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": user_agent}) as session:

        async def one(url: str, texts: tuple[str, ...], sources: tuple[str, ...]) -> OutboundProbe:
            host = host_of(url)
            async with gate:
                resolves, why = (True, "") if host in pinned_hosts else await _lookup(host)
                if resolves is False and not working and not why.startswith("RFC"):
                    resolves, why = None, why + "；本机域名解析不可用，无法判定"
                page = await fetch_text(session, url, timeout=timeout) if resolves else None
            return OutboundProbe(url=url, host=host, texts=texts, sources=sources[:3], resolves=resolves,
                                 resolve_error=why, page=page)

        probes = await asyncio.gather(*(one(u, t, s) for u, (t, s) in links.items()))
    return tuple(probes), working
