"""Transport and configuration probe (issue #7 §3): the TLS certificate (Python ``ssl``, SNI = the
site's host), the homepage's response headers, and well-known paths that expose source, configuration
or backups. About 25 small requests per site; every failure is data, never an exception.

A path counts as exposed only when its body carries the file's signature (``ref: refs/`` for
``/.git/HEAD``, ``Bud1`` for ``.DS_Store``, ``PK\\x03\\x04`` for a zip …): many government sites answer
200 with a soft-404 page for any path, and that must not look like a leak.
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from govwatch.core.transport import CertificateInfo, ProbedFile, TransportFacts, is_listing
from govwatch.core.urls import host_of
from govwatch.crawl.resolver import PinnedResolver

READ_BYTES = 4096
PAGE_BYTES = 2_000_000
BROWSER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/120.0 Safari/537.36")
SPIDER_AGENT = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
_SQL = re.compile(rb"CREATE TABLE|INSERT INTO|-- MySQL dump|-- PostgreSQL database dump", re.IGNORECASE)
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"Rar!\x1a\x07", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c")


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "git": lambda b: b.startswith(b"ref: refs/") or bool(re.fullmatch(rb"[0-9a-f]{40}\s*", b[:64])),
    "git_config": lambda b: b"[core]" in b[:512],
    "svn": lambda b: bool(re.match(rb"(\d+|dir)\s", b)) or b.startswith(b"SQLite format 3"),
    "ds_store": lambda b: b[4:8] == b"Bud1",
    "web_xml": lambda b: b"<web-app" in b,
    "backup": lambda b: b.startswith(_ARCHIVE_MAGIC) or bool(_SQL.search(b[:2048])),
    "phpinfo": lambda b: b"phpinfo()" in b or (b"PHP Version" in b and b"PHP License" in b),
    "listing": lambda b: is_listing(_text(b)),
}


def probe_paths(host: str) -> list[tuple[str, str]]:
    """(path, kind) pairs probed on ``host``; the kind names its signature in :data:`SIGNATURES`."""
    backups = ["/www.zip", "/wwwroot.zip", "/web.zip", "/backup.zip", f"/{host}.zip", "/www.rar",
               "/backup.tar.gz", "/backup.sql", "/db.sql", "/database.sql"]
    return ([("/.git/HEAD", "git"), ("/.git/config", "git_config"), ("/.svn/entries", "svn"),
             ("/.svn/wc.db", "svn"), ("/.DS_Store", "ds_store"), ("/WEB-INF/web.xml", "web_xml")]
            + [(p, "backup") for p in backups]
            + [(p, "phpinfo") for p in ("/phpinfo.php", "/info.php", "/test.php")]
            + [(p, "listing") for p in ("/upload/", "/uploads/", "/files/", "/attachment/")])


async def _get(session: aiohttp.ClientSession, url: str, timeout: float) -> tuple[int | None, dict[str, str], bytes, str]:
    try:
        async with session.get(url, allow_redirects=False, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            body = await resp.content.read(READ_BYTES)
            return resp.status, dict(resp.headers), body, ""
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
        return None, {}, b"", f"{type(exc).__name__}: {exc}"


async def _page(session: aiohttp.ClientSession, url: str, agent: str, timeout: float) -> str:
    """The body of ``url`` fetched with user agent ``agent`` (following redirects), '' on failure."""
    try:
        async with session.get(url, headers={"User-Agent": agent},
                               timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            body = await resp.content.read(PAGE_BYTES)
            return body.decode(resp.get_encoding() if resp.charset else "utf-8", "replace")
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError, LookupError):
        return ""


async def _probe(session: aiohttp.ClientSession, root: str, path: str, kind: str, timeout: float) -> ProbedFile:
    url = root + path
    status, _, body, _ = await _get(session, url, timeout)
    exposed = status == 200 and bool(body) and SIGNATURES[kind](body)
    return ProbedFile(path=path, kind=kind, url=url, status=status, exposed=exposed,
                      evidence=_text(body[:200]) if exposed else "")


def _root(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


async def probe_transport(home_url: str, *, resolve: Mapping[tuple[str, int], str] | None = None,
                          timeout: float = 10.0, user_agent: str = "govwatch/0.1", cafile: Path | None = None,
                          now: datetime | None = None) -> TransportFacts:
    """Probe ``home_url`` (see module docstring). ``resolve`` pins like ``curl --resolve``; ``cafile``
    an extra trust store (tests); ``now`` the moment certificate days are counted from (default: now).
    The homepage is also fetched as a browser and as Baiduspider (user-agent cloaking)."""
    pins = dict(resolve or {})
    connector = aiohttp.TCPConnector(resolver=PinnedResolver(pins), ssl=False, limit=6)
    async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": user_agent}) as session:
        status, headers, _, error = await _get(session, home_url, timeout)
        root = _root(home_url)
        files = await asyncio.gather(*(_probe(session, root, p, k, timeout)
                                       for p, k in probe_paths(host_of(home_url))))
        visitor = await _page(session, home_url, BROWSER_AGENT, timeout)
        spider = await _page(session, home_url, SPIDER_AGENT, timeout)
    scheme = home_url.split("://", 1)[0].lower()
    host, port = host_of(home_url), _port(home_url)
    cert = None
    if scheme == "https":
        cert = await asyncio.to_thread(read_certificate, host, port, pins.get((host, port), host), timeout,
                                       cafile, now)
    return TransportFacts(home_url=home_url, scheme=scheme, headers=headers, certificate=cert,
                          files=tuple(files), error=error if status is None else "", visitor_html=visitor,
                          spider_html=spider, spider_agent=SPIDER_AGENT)


def _port(url: str) -> int:
    netloc = url.split("://", 1)[1].split("/", 1)[0]
    if re.search(r":(\d+)$", netloc):
        return int(netloc.rsplit(":", 1)[1])
    return 443 if url.lower().startswith("https") else 80


def host_matches(host: str, names: tuple[str, ...]) -> bool:
    """RFC 6125 matching of ``host`` against certificate names (a ``*`` only as the whole leftmost label)."""
    host = host.lower().rstrip(".")
    for name in (n.lower().rstrip(".") for n in names):
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def _names(decoded: Mapping[str, object]) -> tuple[str, ...]:
    san = decoded.get("subjectAltName") or ()
    return tuple(str(value) for _, value in san)  # type: ignore[attr-defined]


def _cn(field: object) -> str:
    for rdn in field or ():  # type: ignore[attr-defined]
        for key, value in rdn:
            if key == "commonName":
                return str(value)
    return ""


def read_certificate(host: str, port: int, address: str, timeout: float = 10.0, cafile: Path | None = None,
                     now: datetime | None = None) -> CertificateInfo:
    """Handshake with ``address``:``port`` using SNI ``host``; never raises (``error`` says what failed).

    The chain is verified against the system store plus ``cafile``; the certificate is then read
    without verification so that an expired, untrusted or mismatched one is still described."""
    verify_error, protocol = _verify(host, port, address, timeout, cafile)
    try:
        der, protocol = _fetch_der(host, port, address, timeout)
    except (OSError, ssl.SSLError) as exc:
        return CertificateInfo(host=host, port=port, error=f"{type(exc).__name__}: {exc}")
    decoded = _decode(der)
    not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(str(decoded["notAfter"])), UTC)
    names = _names(decoded)
    days = (not_after - (now or datetime.now(UTC))).days
    return CertificateInfo(host=host, port=port, not_after=not_after, days_left=days,
                           subject=_cn(decoded.get("subject")), issuer=_cn(decoded.get("issuer")), names=names,
                           hostname_ok=host_matches(host, names), trusted=not verify_error,
                           verify_error=verify_error, protocol=protocol)


def _verify(host: str, port: int, address: str, timeout: float, cafile: Path | None) -> tuple[str, str]:
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    if cafile:
        context.load_default_certs()
    context.check_hostname = False  # the name is judged apart (hostname_ok), so trust is about the chain
    try:
        with socket.create_connection((address, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            return "", tls.version() or ""
    except ssl.SSLCertVerificationError as exc:
        return exc.verify_message or str(exc), ""
    except (OSError, ssl.SSLError) as exc:
        return f"{type(exc).__name__}: {exc}", ""


def _fetch_der(host: str, port: int, address: str, timeout: float) -> tuple[bytes, str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((address, port), timeout=timeout) as raw, \
            context.wrap_socket(raw, server_hostname=host) as tls:
        der = tls.getpeercert(binary_form=True)
        if not der:
            raise ssl.SSLError("服务器未提供证书")
        return der, tls.version() or ""


def _decode(der: bytes) -> dict[str, object]:
    # The stdlib only decodes a verified peer's certificate into fields; its test helper decodes any PEM
    # file the same way (CPython has shipped it since 2.7), which spares a dependency for 3 fields.
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as handle:
        handle.write(ssl.DER_cert_to_PEM_cert(der))
    try:
        return dict(ssl._ssl._test_decode_cert(handle.name))  # type: ignore[attr-defined]
    finally:
        Path(handle.name).unlink(missing_ok=True)
