"""IPv6 reachability of a site (issue #7 §3; 《推进互联网协议第六版（IPv6）规模部署行动计划》 2017 asks
government portals to answer over IPv6): the host's AAAA records and the homepage fetched over the
first of them. A host pinned with ``--resolve`` has exactly its pinned address (curl's meaning), so a
site pinned to an IPv4 address has no AAAA record here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Mapping

import aiohttp

from govwatch.core.transport import Ipv6Facts
from govwatch.core.urls import host_of
from govwatch.crawl.resolver import PinnedResolver


def _port(url: str) -> int:
    netloc = url.split("://", 1)[1].split("/", 1)[0]
    tail = netloc.rsplit(":", 1)
    if len(tail) == 2 and tail[1].isdigit() and not netloc.endswith("]"):
        return int(tail[1])
    return 443 if url.lower().startswith("https") else 80


def _is_v6(addr: str) -> bool:
    try:
        return ipaddress.ip_address(addr.strip("[]")).version == 6
    except ValueError:
        return False


async def aaaa_records(host: str, port: int, pins: Mapping[tuple[str, int], str]) -> tuple[tuple[str, ...], str]:
    """(IPv6 addresses of ``host``, lookup error). A pinned host answers its pin only."""
    pinned = pins.get((host.lower(), port))
    if pinned is not None:
        return ((pinned.strip("[]"),) if _is_v6(pinned) else ()), ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, family=socket.AF_INET6,
                                                             type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5), getattr(socket, "EAI_ADDRFAMILY", -9)):
            return (), ""  # the name has no AAAA record
        return (), f"域名解析失败：{exc}"
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos)), ""


async def probe_ipv6(home_url: str, *, resolve: Mapping[tuple[str, int], str] | None = None,
                     timeout: float = 10.0, user_agent: str = "govwatch/0.1") -> Ipv6Facts:
    """AAAA records of the homepage host and the homepage's HTTP status over the first one (same Host
    header and SNI). Never raises."""
    pins = dict(resolve or {})
    host, port = host_of(home_url), _port(home_url)
    addresses, lookup_error = await aaaa_records(host, port, pins)
    if not addresses:
        return Ipv6Facts(host=host, lookup_error=lookup_error)
    connector = aiohttp.TCPConnector(resolver=PinnedResolver({(host, port): addresses[0]}), ssl=False,
                                     family=socket.AF_INET6)
    try:
        async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": user_agent}) as session, \
                session.get(home_url, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            await resp.content.read(65536)
            return Ipv6Facts(host=host, addresses=addresses, status=resp.status)
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
        return Ipv6Facts(host=host, addresses=addresses, error=f"{type(exc).__name__}: {exc}")
