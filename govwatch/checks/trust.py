"""Which hosts a site may link to hiddenly or load code from without suspicion (security checks).

A host is trusted when it is one of the site's own hosts (homepage host, ``SiteSpec.extra_hosts``), a
subdomain of the site's registrable part under gov.cn, ends with one of ``suffixes`` (default: the
government domains ``.gov.cn`` and the 党政机关网站标识 host ``conac.cn``) or is listed in ``allowed``.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.core.models import SiteSpec
from govwatch.core.urls import host_of

DEFAULT_SUFFIXES = (".gov.cn", "conac.cn")


def site_hosts(site: SiteSpec) -> frozenset[str]:
    """The site's own host names (lower case, no port)."""
    return frozenset(h.lower() for h in (host_of(site.home_url), *site.extra_hosts) if h)


def is_trusted(host: str, site: SiteSpec, suffixes: Iterable[str] = DEFAULT_SUFFIXES,
               allowed: Iterable[str] = ()) -> bool:
    """True when ``host`` is trusted for ``site`` (see module docstring). '' (no host) is trusted."""
    host = host.lower().rstrip(".")
    if not host or host in site_hosts(site) or host in {a.lower() for a in allowed}:
        return True
    return any(host == s.lstrip(".") or host.endswith(s if s.startswith(".") else "." + s) for s in suffixes)
