"""Weak TLS protocol versions through sslyze against a real TLS server on 127.0.0.1, and IPv6 (AAAA and
the homepage over ::1)."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from dataclasses import replace

import pytest
from seckit import HOST, SITE, TLS, context
from secserver import SecServer, has_ipv6_loopback

from govwatch.checks import security_ipv6, security_tls_protocols
from govwatch.core.models import Finding
from govwatch.core.transport import SecurityFacts, TransportFacts
from govwatch.crawl.ipv6 import probe_ipv6
from govwatch.crawl.tls_protocols import protocol_support
from govwatch.sample.server import ServerThread


def _tls_server(minimum: ssl.TLSVersion) -> tuple[socket.socket, int]:
    """A TLS server thread on 127.0.0.1 accepting ``minimum`` … TLS 1.3 with the test leaf certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS / "leaf.pem", TLS / "leaf.key")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if minimum < ssl.TLSVersion.TLSv1_2:
            ctx.set_ciphers("ALL:@SECLEVEL=0")  # OpenSSL 3 refuses TLS 1.0/1.1 at the default level
        ctx.minimum_version = minimum
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)

    def handle(conn: socket.socket) -> None:
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(64)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return sock, sock.getsockname()[1]


@pytest.fixture
def legacy_tls() -> Iterator[int]:
    try:
        sock, port = _tls_server(ssl.TLSVersion.TLSv1)
    except (ssl.SSLError, ValueError) as exc:
        pytest.skip(f"this machine's OpenSSL cannot offer TLS 1.0: {exc}")
    yield port
    sock.close()


def run_check(module: object, extra: SecurityFacts, url: str) -> list[Finding]:
    ctx = replace(context(0, []), transport=TransportFacts(home_url=url, scheme=url.split(":")[0], extra=extra))
    return list(module.run(ctx, module.Params()))  # type: ignore[attr-defined]


def test_sslyze_finds_tls_1_0_and_1_1(legacy_tls: int) -> None:
    protocols, error = protocol_support(HOST, legacy_tls, "127.0.0.1", timeout=5)
    assert error == ""
    accepted = {p.protocol: p.accepted for p in protocols}
    if not accepted.get("TLSv1.0"):
        pytest.skip("the local OpenSSL server did not complete a TLS 1.0 handshake (policy forbids it here)")
    assert accepted["TLSv1.1"] and accepted["TLSv1.2"] and accepted["TLSv1.3"]
    assert accepted["SSLv2"] is False and accepted["SSLv3"] is False
    (finding,) = run_check(security_tls_protocols, SecurityFacts(protocols=protocols), f"https://{HOST}/")
    assert finding.code == "security.tls_weak_protocol"
    assert finding.evidence["weak"] == ["TLSv1.0", "TLSv1.1"]
    assert "TLSv1.0" in finding.message and "TLSv1.1" in finding.message


def test_modern_only_server_is_not_flagged() -> None:
    sock, port = _tls_server(ssl.TLSVersion.TLSv1_2)
    try:
        protocols, error = protocol_support(HOST, port, "127.0.0.1", timeout=5)
    finally:
        sock.close()
    assert error == ""
    accepted = {p.protocol: p.accepted for p in protocols}
    assert accepted == {"SSLv2": False, "SSLv3": False, "TLSv1.0": False, "TLSv1.1": False,
                        "TLSv1.2": True, "TLSv1.3": True}
    assert run_check(security_tls_protocols, SecurityFacts(protocols=protocols), f"https://{HOST}/") == []


def test_sslyze_on_a_closed_port_is_an_error_not_a_finding() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    protocols, error = protocol_support(HOST, port, "127.0.0.1", timeout=3)
    assert protocols == () and error
    assert run_check(security_tls_protocols, SecurityFacts(protocols_error=error), f"https://{HOST}/") == []


needs_ipv6 = pytest.mark.skipif(not has_ipv6_loopback(), reason="no IPv6 loopback (::1) on this machine")


@needs_ipv6
def test_homepage_over_ipv6_loopback() -> None:
    with SecServer(default_root=SITE) as srv:
        url = f"http://{HOST}:{srv.port}/clean/index.html"
        facts = asyncio.run(probe_ipv6(url, resolve={(HOST, srv.port): "::1"}, timeout=5))
    assert facts.addresses == ("::1",) and facts.status == 200 and facts.error == ""
    assert run_check(security_ipv6, SecurityFacts(ipv6=facts), url) == []


def test_no_aaaa_record_is_reported() -> None:
    url = f"http://{HOST}:8080/"
    facts = asyncio.run(probe_ipv6(url, resolve={(HOST, 8080): "127.0.0.1"}, timeout=5))
    assert facts.addresses == () and facts.lookup_error == ""
    (finding,) = run_check(security_ipv6, SecurityFacts(ipv6=facts), url)
    assert finding.code == "security.ipv6_missing" and HOST in finding.message


@needs_ipv6
def test_aaaa_without_an_ipv6_server_is_unreachable() -> None:
    with ServerThread(default_root=SITE) as srv:  # listens on 127.0.0.1 only
        url = f"http://{HOST}:{srv.port}/clean/index.html"
        facts = asyncio.run(probe_ipv6(url, resolve={(HOST, srv.port): "::1"}, timeout=5))
    assert facts.addresses == ("::1",) and facts.status is None and facts.error
    (finding,) = run_check(security_ipv6, SecurityFacts(ipv6=facts), url)
    assert finding.code == "security.ipv6_unreachable" and finding.evidence["addresses"] == ["::1"]
