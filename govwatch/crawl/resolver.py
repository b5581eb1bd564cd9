"""``--resolve HOST:PORT:ADDR`` as curl does it: connect to ADDR for HOST:PORT, keep Host and SNI as HOST.

Used to scan a stored real site served on 127.0.0.1 as if it were live (issue #2 §8).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from govwatch.core.errors import UsageError


class PinnedResolver(AbstractResolver):
    """Answers (host, port) pairs of ``pins`` with their address and asks ``fallback`` for the rest.

    ``pins`` maps ``(host, port)`` (host case-insensitive) to an IPv4/IPv6 literal. Raises
    :class:`UsageError` at construction for an address that is not an IP literal.
    """

    def __init__(self, pins: Mapping[tuple[str, int], str], fallback: AbstractResolver | None = None) -> None:
        self._pins: dict[tuple[str, int], tuple[str, socket.AddressFamily]] = {}
        for (host, port), addr in pins.items():
            try:
                ip = ipaddress.ip_address(addr.strip("[]"))
            except ValueError as exc:
                raise UsageError(f"--resolve 的地址不是 IP 地址：{addr}") from exc
            family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            self._pins[(host.lower().rstrip("."), int(port))] = (str(ip), family)
        self._fallback = fallback or DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        """Pinned address for (host, port), else whatever the fallback resolver answers."""
        pinned = self._pins.get((host.lower().rstrip("."), port))
        if pinned is None:
            return await self._fallback.resolve(host, port, family)
        addr, addr_family = pinned
        return [ResolveResult(hostname=host, host=addr, port=port, family=addr_family, proto=0,
                              flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV)]

    async def close(self) -> None:
        """Close the fallback resolver."""
        await self._fallback.close()


def parse_resolve(spec: str) -> tuple[tuple[str, int], str]:
    """Parse one curl-style ``HOST:PORT:ADDR`` (ADDR may be ``[::1]``) → ``((host, port), addr)``.

    Raises :class:`UsageError` with a Chinese message when the text is malformed.
    """
    host, sep, rest = spec.partition(":")
    port_text, sep2, addr = rest.partition(":")
    if not (sep and sep2 and host and port_text.isdigit() and addr):
        raise UsageError(f"--resolve 格式应为 主机:端口:地址，例如 www.example.gov.cn:80:127.0.0.1，收到：{spec}")
    return (host.lower(), int(port_text)), addr.strip("[]")
