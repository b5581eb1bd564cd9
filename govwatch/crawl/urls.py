"""URL normalisation, crawl scope and link kinds — the one place that decides what a URL *is*.

Every URL the crawler stores or fetches went through :func:`normalize_url`, so two spellings of one
resource (``HTTP://Host:80/a/../b#x`` and ``http://host/b``) are one key in every dict of the crawl.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from govwatch.core.models import LinkKind

# The canonical URL form lives in core so that extract matches URLs exactly as the crawl keys them.
from govwatch.core.urls import InvalidURL as InvalidURL
from govwatch.core.urls import host_of as host_of
from govwatch.core.urls import normalize_url as normalize_url

#: Path suffixes of files that are checked and never parsed (issue #2 §2), lower case, with the dot.
ATTACHMENT_SUFFIXES = frozenset(
    [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps", ".ofd", ".ceb", ".zip", ".rar", ".7z", ".gz", ".tar", ".txt", ".csv", ".xml", ".rtf", ".apk", ".exe", ".msi", ".mp3", ".mp4", ".avi", ".wmv", ".flv", ".mov", ".swf"]
)
IMAGE_SUFFIXES = frozenset([".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff"])
_SUFFIX_KIND = {".css": LinkKind.STYLE, ".js": LinkKind.SCRIPT}


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
