"""URL normalisation, crawl scope and link kinds — the one place that decides what a URL *is*.

Every URL the crawler stores or fetches went through :func:`normalize_url`, so two spellings of one
resource (``HTTP://Host:80/a/../b#x`` and ``http://host/b``) are one key in every dict of the crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NoReturn
from urllib.parse import urlsplit

from yarl import URL

from govwatch.core.models import LinkKind

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_STRIP = str.maketrans("", "", "\t\r\n")  # WHATWG URL parsing drops these anywhere in a URL
_DEFAULT_PORTS = {"http": 80, "https": 443}
_BAD_HOST = re.compile(r"[\s<>\"{}|\\^`%/]")

#: Path suffixes of files that are checked and never parsed (issue #2 §2), lower case, with the dot.
ATTACHMENT_SUFFIXES = frozenset(
    [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps", ".ofd", ".ceb", ".zip", ".rar", ".7z", ".gz", ".tar", ".txt", ".csv", ".xml", ".rtf", ".apk", ".exe", ".msi", ".mp3", ".mp4", ".avi", ".wmv", ".flv", ".mov", ".swf"]
)
IMAGE_SUFFIXES = frozenset([".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff"])
_SUFFIX_KIND = {".css": LinkKind.STYLE, ".js": LinkKind.SCRIPT}


class InvalidURL(ValueError):
    """An http(s) reference that cannot be made into a URL (empty host, spaces in the host …)."""


def normalize_url(href: str, base: str | None = None) -> str | None:
    """The canonical absolute form of ``href`` read on page ``base``, or None for links we do not follow.

    Canonical (yarl, C-accelerated; w3lib's canonicalize_url costs ~40 µs a URL, this ~8): scheme and
    host lower case (IDN as punycode), default port removed, ``.``/``..`` segments resolved, fragment
    dropped, percent-encoding upper case and minimal (``%7E`` → ``~``), empty path → ``/``, query
    arguments sorted (each ``k=v`` kept as written). None for ``mailto:``, ``javascript:``, ``tel:``,
    ``data:``, other non-HTTP schemes and bare ``#fragment`` links. Raises :class:`InvalidURL` for a
    malformed http(s) URL (no host, spaces in the host, bad IPv6 literal, a relative URL with no base).
    """
    href = href.strip().translate(_STRIP)
    if not href or href.startswith("#"):
        return None
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() not in _DEFAULT_PORTS:
        return None
    try:
        url = _base_url(base).join(URL(href)) if base else URL(href)
        host = url.raw_host
    except (ValueError, TypeError) as exc:
        raise InvalidURL(f"{href!r}: {exc}") from exc
    if url.scheme not in _DEFAULT_PORTS:
        if url.scheme:
            return None
        _raise_invalid(href, "relative URL without a base")
    if not host or _BAD_HOST.search(host):
        _raise_invalid(href, "bad host")
    if url.raw_fragment:
        url = url.with_fragment(None)
    text = str(url)
    query = url.raw_query_string
    start = text.index("//") + 2
    slash, qmark = text.find("/", start), text.find("?", start)
    if slash < 0 or 0 <= qmark < slash:  # http://host or http://host?q → http://host/…
        cut = qmark if qmark >= 0 else len(text)
        text = text[:cut] + "/" + text[cut:]
    if "&" in query:
        text = text[: len(text) - len(query)] + "&".join(sorted(query.split("&")))
    return text


@lru_cache(maxsize=256)
def _base_url(base: str) -> URL:
    return URL(base)


def _raise_invalid(href: str, why: str) -> NoReturn:
    raise InvalidURL(f"{href!r}: {why}")


def host_of(url: str) -> str:
    """Lower-case host name of an absolute URL, without port ('' if none)."""
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def path_suffix(url: str) -> str:
    """Lower-case suffix of the URL path's last segment, with the dot ('' if none)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    dot = last.rfind(".")
    return last[dot:].lower() if dot > 0 else ""


class Scope:
    """The hosts a crawl may parse pages on (issue #2 §2: the site's host and declared extra hosts).

    Hosts are compared lower case and without port.
    """

    def __init__(self, hosts: Iterable[str]) -> None:
        self.hosts: set[str] = {h.lower().split(":")[0] for h in hosts if h}

    def add(self, host: str) -> None:
        """Bring one more host into scope (used when the homepage redirects to another host)."""
        self.hosts.add(host.lower().split(":")[0])

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and host_of(url) in self.hosts


def classify(url: str, tag_kind: LinkKind, in_scope: bool) -> LinkKind:
    """How a referenced URL is handled. ``tag_kind`` comes from the tag (``a`` → PAGE, ``img`` → IMAGE …).

    Out of scope → EXTERNAL (checked); an ``<a href>`` to a known file suffix → ATTACHMENT/IMAGE/STYLE/
    SCRIPT (checked); otherwise the tag's kind. Only PAGE and FRAME in scope are fetched to be parsed.
    """
    if not in_scope:
        return LinkKind.EXTERNAL
    if tag_kind is not LinkKind.PAGE and tag_kind is not LinkKind.FRAME:
        return tag_kind
    suffix = path_suffix(url)
    if not suffix:
        return tag_kind
    if suffix in ATTACHMENT_SUFFIXES:
        return LinkKind.ATTACHMENT
    if suffix in IMAGE_SUFFIXES:
        return LinkKind.IMAGE
    return _SUFFIX_KIND.get(suffix, tag_kind)


def is_parsable_kind(kind: LinkKind) -> bool:
    """True for kinds whose in-scope URLs are fetched with GET and parsed as HTML."""
    return kind is LinkKind.PAGE or kind is LinkKind.FRAME
