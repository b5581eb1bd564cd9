"""Transport and configuration facts of a site (issue #7 §3): its TLS certificate, the homepage's
response headers as served, and the well-known files and directories a probe found exposed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

_LISTING = re.compile(r"<title>\s*Index of /|<h1>\s*Index of /|\[To Parent Directory\]|Directory Listing For|"
                      r"<title>\s*Directory listing for", re.IGNORECASE)


def is_listing(html: str) -> bool:
    """True when ``html`` is a web server's automatic directory listing (Apache/nginx 'Index of /',
    IIS '[To Parent Directory]', Tomcat 'Directory Listing For'); looks at the first 5,000 characters."""
    return bool(_LISTING.search(html[:5000]))


@dataclass(frozen=True)
class CertificateInfo:
    """The certificate ``host`` presented on ``port`` (SNI = host).

    ``not_after`` expiry (UTC; None when unreadable); ``days_left`` whole days from the probe's ``now``
    to ``not_after`` (negative once expired); ``subject``/``issuer`` common names; ``names`` the
    subjectAltName DNS/IP entries; ``hostname_ok`` whether ``host`` matches them; ``trusted`` whether
    the chain verified against the trust store; ``verify_error`` OpenSSL's reason when it did not;
    ``protocol`` the negotiated TLS version ('TLSv1.3' …); ``error`` why no certificate was read
    (connection refused, not TLS …), '' when one was.
    """

    host: str
    port: int
    not_after: datetime | None = None
    days_left: int | None = None
    subject: str = ""
    issuer: str = ""
    names: tuple[str, ...] = ()
    hostname_ok: bool = False
    trusted: bool = False
    verify_error: str = ""
    protocol: str = ""
    error: str = ""


@dataclass(frozen=True)
class ProbedFile:
    """A well-known path probed on the site: ``path`` ('/.git/HEAD' …), ``kind`` what it would expose
    (git, svn, ds_store, web_xml, backup, phpinfo, listing), ``url`` probed, ``status`` HTTP status
    (None on failure), ``exposed`` True when the body proves the file is there (content signature, not
    just a 200: many sites answer 200 for everything), ``evidence`` the first bytes as text (≤ 200)."""

    path: str
    kind: str
    url: str
    status: int | None
    exposed: bool
    evidence: str = ""


@dataclass(frozen=True)
class TransportFacts:
    """``home_url`` probed; ``scheme`` of the homepage's final URL; ``headers`` of the homepage response
    (names as sent; the probe's own GET); ``certificate`` of the HTTPS host (None for an http-only site
    whose port 443 does not answer TLS); ``files`` every probed path; ``error`` why the homepage GET
    failed ('' when it answered); ``visitor_html``/``spider_html`` the homepage as served to a browser's
    and to a search-engine crawler's user agent (cloaking: ``spider_agent`` names the latter; '' when
    not fetched); ``extra`` the extended probe (TLS versions, IPv6, SEO files, site search, outbound
    links, defacement baseline; None when it did not run)."""

    home_url: str
    scheme: str = "http"
    headers: Mapping[str, str] = field(default_factory=dict)
    certificate: CertificateInfo | None = None
    files: tuple[ProbedFile, ...] = ()
    error: str = ""
    visitor_html: str = field(default="", repr=False)
    spider_html: str = field(default="", repr=False)
    spider_agent: str = ""
    extra: SecurityFacts | None = None


@dataclass(frozen=True)
class ProtocolSupport:
    """Whether the HTTPS host accepts one protocol version (sslyze): ``protocol`` ('SSLv2', 'SSLv3',
    'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'); ``accepted`` True/False, None when it could not be
    tested (``error`` says why); ``ciphers`` up to 5 accepted cipher-suite names (OpenSSL names)."""

    protocol: str
    accepted: bool | None
    ciphers: tuple[str, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class Ipv6Facts:
    """IPv6 reachability of the homepage host: ``addresses`` its AAAA records (getaddrinfo AF_INET6, or
    the IPv6 pin of ``--resolve``); ``lookup_error`` why none were read ('' when the lookup answered);
    ``status`` the HTTP status of the homepage fetched over the first IPv6 address (None when not
    tried or failed); ``error`` why that fetch failed ('' otherwise)."""

    host: str
    addresses: tuple[str, ...] = ()
    lookup_error: str = ""
    status: int | None = None
    error: str = ""


@dataclass(frozen=True)
class FetchedText:
    """A small resource fetched by the probe: ``url``, HTTP ``status`` (None on failure), ``content_type``
    without parameters, ``text`` the decoded body (≤ 200,000 characters), ``error`` ('' when answered),
    ``final_url`` after redirects."""

    url: str
    status: int | None = None
    content_type: str = ""
    text: str = field(default="", repr=False)
    error: str = ""
    final_url: str = ""

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class SearchProbe:
    """The site search asked for a known article title: ``form_action`` the search form's URL ('' when
    the homepage has no search form), ``method`` GET/POST, ``field`` the query field's name, ``query``
    the title asked for, ``article_url`` the article it names, ``result`` the answer (None when not
    asked), ``found`` whether the answer names the article (title or URL path), None when not asked;
    ``scripted`` True when the search box is driven by JavaScript (no form action, an onsubmit handler,
    or an input outside any form): not asked, since only a browser could submit it."""

    form_action: str = ""
    method: str = "GET"
    field: str = ""
    query: str = ""
    article_url: str = ""
    result: FetchedText | None = None
    found: bool | None = None
    scripted: bool = False


@dataclass(frozen=True)
class OutboundProbe:
    """An external link of the site followed by the probe (友情链接, 上级网站): ``url``, ``host``,
    ``texts`` its anchor texts, ``sources`` pages it stands on (≤ 3), ``resolves`` True/False, None when
    the resolver could not tell (temporary failure, no working DNS); ``page`` what the link answers
    (None when the name does not resolve)."""

    url: str
    host: str
    texts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    resolves: bool | None = None
    resolve_error: str = ""
    page: FetchedText | None = None


@dataclass(frozen=True)
class DefacementBaseline:
    """The stored picture of the homepage's stable regions (篡改 baseline): ``text`` the visible text with
    dynamic regions (news lists, dates, counters) masked, ``digest`` its SHA-256, ``html`` the homepage
    snapshot the baseline was cut from, ``captured_at`` (UTC), ``approved_by`` the operator who approved
    it ('' when taken automatically on the first scan), ``url`` the homepage URL."""

    text: str = field(repr=False)
    digest: str
    html: str = field(default="", repr=False)
    captured_at: datetime | None = None
    approved_by: str = ""
    url: str = ""


@dataclass(frozen=True)
class SecurityFacts:
    """What the extended security probe found beyond :class:`TransportFacts` (issue #7 §3, §4, §6):
    ``protocols`` per protocol version (sslyze; empty for an http-only site or when sslyze could not
    run, ``protocols_error`` then says why), ``ipv6``, ``robots``/``sitemap`` (/robots.txt and
    /sitemap.xml), ``search`` the site-search probe, ``outbound`` external links followed, ``resolver_ok``
    whether the machine's DNS answered a control name (False: 'does not resolve' proves nothing),
    ``baseline`` the stored defacement baseline the homepage is compared with (None: none stored yet)."""

    protocols: tuple[ProtocolSupport, ...] = ()
    protocols_error: str = ""
    ipv6: Ipv6Facts | None = None
    robots: FetchedText | None = None
    sitemap: FetchedText | None = None
    search: SearchProbe | None = None
    outbound: tuple[OutboundProbe, ...] = ()
    resolver_ok: bool = False
    baseline: DefacementBaseline | None = None
