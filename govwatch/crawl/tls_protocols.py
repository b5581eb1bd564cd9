"""Which SSL/TLS protocol versions an HTTPS host accepts, asked with sslyze (issue #7 §3).

sslyze (through nassl, which bundles its own legacy OpenSSL) can still speak SSL 2.0/3.0 and TLS 1.0/1.1
as a client, so the answer does not depend on what the machine's OpenSSL allows. One handshake series per
version; ≈1 s for a local host. Every failure is data (``ProtocolSupport.error``), never an exception.
"""

from __future__ import annotations

import asyncio
from typing import Any

from govwatch.core.transport import ProtocolSupport

#: sslyze scan-result attribute → our protocol name, oldest first.
PROTOCOLS = {
    "ssl_2_0_cipher_suites": "SSLv2", "ssl_3_0_cipher_suites": "SSLv3", "tls_1_0_cipher_suites": "TLSv1.0",
    "tls_1_1_cipher_suites": "TLSv1.1", "tls_1_2_cipher_suites": "TLSv1.2", "tls_1_3_cipher_suites": "TLSv1.3",
}


def _commands() -> set[Any]:
    from sslyze import ScanCommand

    return {ScanCommand(name) for name in PROTOCOLS}


def protocol_support(host: str, port: int, address: str | None = None,
                     timeout: float = 10.0) -> tuple[tuple[ProtocolSupport, ...], str]:
    """(per-version support, error): ``host`` is the SNI name, ``address`` the IP to connect to (a
    ``--resolve`` pin; None: resolve ``host``). ``error`` is '' when the scan ran, else why it did not
    (sslyze missing, connection refused, not TLS) and the tuple is empty. Blocking; see
    :func:`protocol_support_async`."""
    try:
        from sslyze import (
            Scanner,
            ServerNetworkConfiguration,
            ServerNetworkLocation,
            ServerScanRequest,
            ServerScanStatusEnum,
        )
    except ImportError:
        return (), "未安装 sslyze"
    location = ServerNetworkLocation(host, port, ip_address=address)
    config = ServerNetworkConfiguration(tls_server_name_indication=host, network_timeout=int(max(1, timeout)))
    scanner = Scanner(per_server_concurrent_connections_limit=4)
    scanner.queue_scans([ServerScanRequest(server_location=location, network_configuration=config,
                                           scan_commands=_commands())])
    for result in scanner.get_results():
        if result.scan_status != ServerScanStatusEnum.COMPLETED or result.scan_result is None:
            return (), f"无法建立 TLS 连接：{result.connectivity_error_trace or result.connectivity_status}"
        return tuple(_support(result.scan_result, attr, name) for attr, name in PROTOCOLS.items()), ""
    return (), "sslyze 未返回结果"


def _support(scan: Any, attr: str, name: str) -> ProtocolSupport:
    attempt = getattr(scan, attr)
    if attempt.result is None:
        return ProtocolSupport(name, None, error=str(attempt.error_reason or attempt.status))
    accepted = attempt.result.accepted_cipher_suites
    return ProtocolSupport(name, bool(accepted), tuple(c.cipher_suite.openssl_name for c in accepted[:5]))


async def protocol_support_async(host: str, port: int, address: str | None = None,
                                 timeout: float = 10.0) -> tuple[tuple[ProtocolSupport, ...], str]:
    """:func:`protocol_support` in a worker thread."""
    return await asyncio.to_thread(protocol_support, host, port, address, timeout)
