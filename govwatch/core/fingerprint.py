"""Stable fingerprints of findings, so one problem seen by many scans is stored once (issue #3 §5).

A fingerprint is the SHA-256 (64 hex characters) of the site key, the finding code, the URL where the
problem is, and the evidence value that tells two findings of one code on one URL apart (the column
name for column findings, the check id for ``check.error``). Messages, dates, statuses and timings are
left out on purpose: they change from scan to scan while the problem stays the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from govwatch.core.models import Finding

DISTINGUISHING_KEYS: Mapping[str, tuple[str, ...]] = {
    "column.": ("column",),
    "check.error": ("check",),
}
"""Finding-code prefix → evidence keys that distinguish two findings of one code on one URL. A code with
no entry is told apart by an evidence ``key`` value when a check gives one (none do yet)."""

GENERIC_KEY = "key"


def site_key(home_url: str) -> str:
    """The site part of a fingerprint: the home URL's host (lower case, port kept) and path."""
    parts = urlsplit(home_url.strip())
    return f"{parts.netloc.lower()}{parts.path or '/'}"


def normalize_finding_url(url: str) -> str:
    """``url`` with scheme and host in lower case and the fragment dropped (``#top`` is the same page)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def distinguishing_value(code: str, evidence: Mapping[str, Any]) -> str:
    """The evidence values (joined by ``\\x1f``) that tell two findings of ``code`` on one URL apart."""
    keys = next((keys for prefix, keys in DISTINGUISHING_KEYS.items() if code.startswith(prefix)), (GENERIC_KEY,))
    return "\x1f".join(str(evidence.get(k, "")) for k in keys)


def fingerprint(site: str, code: str, url: str, evidence: Mapping[str, Any]) -> str:
    """SHA-256 hex digest (64 characters) of site key, code, normalised URL and distinguishing value.

    ``site`` is the site's home URL (see :func:`site_key`). Pure; the same inputs give the same digest on
    every machine and Python version.
    """
    material = "\x1e".join((site_key(site), code, normalize_finding_url(url), distinguishing_value(code, evidence)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def finding_fingerprint(site: str, finding: Finding) -> str:
    """:func:`fingerprint` of a core :class:`~govwatch.core.models.Finding`."""
    return fingerprint(site, finding.code, finding.url, finding.evidence)
