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
    not fetched)."""

    home_url: str
    scheme: str = "http"
    headers: Mapping[str, str] = field(default_factory=dict)
    certificate: CertificateInfo | None = None
    files: tuple[ProbedFile, ...] = ()
    error: str = ""
    visitor_html: str = field(default="", repr=False)
    spider_html: str = field(default="", repr=False)
    spider_agent: str = ""
