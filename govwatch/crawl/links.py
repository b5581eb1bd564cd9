"""Extract the references of an HTML page (issue #2 §2): ``a``/``area`` href, ``img`` src,
``link rel=stylesheet`` href, ``script`` src, ``iframe``/``frame`` src, resolved against ``<base href>``;
plus a client-side redirect as a PAGE link: the ``<meta http-equiv="refresh" content="0;url=…">`` target,
or on a stub page (little text, few links) a top-level ``location.href = '…'`` / ``location.replace('…')``
script — the way many 集约化 government platforms send the bare domain to the real homepage.

Normalising a URL costs ~15 µs and a site repeats its navigation on every page, so results are cached
per (base directory, href) in a bounded dict owned by one crawl.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.models import LinkKind
from govwatch.crawl.urls import InvalidURL, normalize_url

_SELECTOR = "a[href], area[href], img[src], link[href], script[src], iframe[src], frame[src]"
_TAG_KIND = {
    "a": LinkKind.PAGE, "area": LinkKind.PAGE, "img": LinkKind.IMAGE, "link": LinkKind.STYLE,
    "script": LinkKind.SCRIPT, "iframe": LinkKind.FRAME, "frame": LinkKind.FRAME,
}
_SRC_TAGS = frozenset({"img", "script", "iframe", "frame"})
_MISSING = "\x00missing"  # cache sentinel (None is a cached answer: a link we do not follow)
_MAX_TEXT = 200  # characters of anchor text kept as evidence
_CACHE_SIZE = 200_000
REDIRECT_TEXT = "（页面自动跳转）"  # anchor text of a client-side redirect link
_REFRESH_URL = re.compile(r"^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(?P<url>[^'\"]+)\1\s*$", re.I)
# A location assignment at the start of a statement line: top-level code, not an onclick handler.
_JS_REDIRECT = re.compile(
    r"(?:^|;|<!--)\s*(?:(?:window|self|top|document)\.)?location"
    r"(?:\.href\s*=\s*|\s*=\s*|\.(?:replace|assign)\s*\(\s*)(['\"])(?P<url>[^'\"]+)\1", re.M)
_STUB_MAX_TEXT = 200  # visible characters: more and the page is a real page that happens to run a script
_STUB_MAX_LINKS = 3


class RawLink(NamedTuple):
    """One reference as found: ``url`` normalised (or the raw href when ``invalid``), ``text`` the anchor
    text / alt / title (whitespace collapsed, ≤ 200 chars), ``tag_kind`` the kind its tag implies.
    A named tuple: tens of thousands are made per second."""

    url: str
    text: str
    tag_kind: LinkKind
    invalid: bool = False


class LinkExtractor:
    """Turns a parsed page into its :class:`RawLink` list; holds the normalisation cache of one crawl."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], str | None] = {}
        self._strings: dict[str, str] = {}

    def extract(self, tree: LexborHTMLParser, page_url: str) -> list[RawLink]:
        """References of ``tree`` (the page fetched at ``page_url``), each (url, kind) once, document order."""
        base = _base_href(tree, page_url, self)
        keys = _BaseKeys(base)
        seen: set[tuple[str, LinkKind]] = set()
        out: list[RawLink] = []
        cache, intern = self._cache, self.intern
        anchors = 0
        for node in tree.css(_SELECTOR):
            tag = node.tag or ""
            anchors += tag == "a"
            href = node.attrs.get("src" if tag in _SRC_TAGS else "href")
            if not href or (tag == "link" and not _is_stylesheet(node)):
                continue
            kind = _TAG_KIND[tag]
            key = (keys.for_href(href), href)
            url = cache.get(key, _MISSING)
            if url is _MISSING:
                try:
                    url = self._normalize_into(key, href, base)
                except InvalidURL:
                    out.append(RawLink(href.strip(), intern(_text_of(node, kind)), kind, True))
                    continue
            if url is None or (url, kind) in seen:
                continue
            seen.add((url, kind))
            out.append(RawLink(url, intern(_text_of(node, kind)), kind))
        target = self.client_redirect(tree, page_url, base, anchors)
        if target is not None and (target, LinkKind.PAGE) not in seen:
            out.append(RawLink(target, REDIRECT_TEXT, LinkKind.PAGE))
        return out

    def client_redirect(self, tree: LexborHTMLParser, page_url: str, base: str | None = None,
                        anchors: int | None = None) -> str | None:
        """The normalised URL a browser is sent to by the page itself, or None: a meta refresh target, or
        on a stub page (≤ 200 visible characters, ≤ 3 links) a top-level JavaScript location assignment.
        A target equal to the page itself (a page refreshing itself) or malformed is None. ``anchors``:
        the page's number of ``a[href]`` when the caller counted them already."""
        base = base or _base_href(tree, page_url, self)
        href = _meta_refresh(tree)
        if anchors is None:
            anchors = len(tree.css("a[href]"))
        if href is None and anchors <= _STUB_MAX_LINKS and _is_stub(tree):
            href = _script_redirect(tree)
        if not href:
            return None
        try:
            url = self.normalize(href, base)
        except InvalidURL:
            return None
        return url if url is not None and url != page_url else None

    def normalize(self, href: str, base: str) -> str | None:
        """Cached :func:`normalize_url` (raises InvalidURL like it); equal results share one string."""
        key = (_BaseKeys(base).for_href(href), href)
        url = self._cache.get(key, _MISSING)
        return self._normalize_into(key, href, base) if url is _MISSING else url

    def intern(self, text: str) -> str:
        """One shared string object per distinct value (URLs and anchor texts repeat on every page)."""
        return self._strings.setdefault(text, text)

    def _normalize_into(self, key: tuple[str, str], href: str, base: str) -> str | None:
        url = normalize_url(href, base)
        if url is not None:
            url = self.intern(url)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = url
        return url


class _BaseKeys:
    """The parts of a base URL that an href's resolution depends on, so that equal hrefs on sibling pages
    share one cache entry: nothing for absolute URLs, the origin for ``/path``, the path for ``?query``,
    the directory for relative paths."""

    __slots__ = ("base", "directory", "origin", "path")

    def __init__(self, base: str) -> None:
        self.base = base
        slash = base.find("/", base.find("//") + 2)
        self.origin = base if slash < 0 else base[:slash]
        self.path = base.split("?", 1)[0]
        self.directory = self.path.rsplit("/", 1)[0]

    def for_href(self, href: str) -> str:
        first = href[:1]
        if first == "/":
            return self.origin if href[1:2] != "/" else self.base
        if first == "?":
            return self.path
        if first in ("h", "H") and href[:8].lower().startswith(("http://", "https://")):
            return ""
        return self.directory


def _base_href(tree: LexborHTMLParser, page_url: str, extractor: LinkExtractor) -> str:
    node = tree.css_first("base[href]")
    href = node.attrs.get("href") if node is not None else None
    if not href:
        return page_url
    try:
        return extractor.normalize(href, page_url) or page_url
    except InvalidURL:
        return page_url


def _meta_refresh(tree: LexborHTMLParser) -> str | None:
    scope = tree.head or tree  # the parser moves a leading <meta> into <head>
    for node in scope.css("meta[http-equiv]"):
        if (node.attrs.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        match = _REFRESH_URL.match(node.attrs.get("content") or "")
        if match and not match.group("url").strip().isdigit():
            return match.group("url").strip()
    return None


def _is_stub(tree: LexborHTMLParser) -> bool:
    """Little visible text (script/style text not counted): with few links, a page that only forwards."""
    body = tree.body
    if body is None:
        return True
    visible = len("".join((body.text(deep=True) or "").split()))
    hidden = sum(len("".join((n.text(deep=True) or "").split())) for n in body.css("script, style, noscript"))
    return visible - hidden <= _STUB_MAX_TEXT


def _script_redirect(tree: LexborHTMLParser) -> str | None:
    for node in tree.css("script"):
        if node.attrs.get("src"):
            continue
        code = node.text(deep=True) or ""
        for match in _JS_REDIRECT.finditer(code):
            before = code[:match.start()]
            if before.count("{") == before.count("}"):  # top level: not inside a function or an if block
                return match.group("url").strip()
    return None


def _is_stylesheet(node: LexborNode) -> bool:
    return "stylesheet" in (node.attrs.get("rel") or "").lower().split()


def _text_of(node: LexborNode, kind: LinkKind) -> str:
    if kind is LinkKind.PAGE:
        text = node.text(deep=True)
        if text:
            text = " ".join(text.split())
        if not text:
            img = node.css_first("img[alt]")
            text = ((img.attrs.get("alt") or "") if img is not None else "") or node.attrs.get("title") or ""
    elif kind is LinkKind.IMAGE:
        attrs = node.attrs
        text = attrs.get("alt") or attrs.get("title") or ""
    else:
        text = node.attrs.get("title") or ""
    return text.strip()[:_MAX_TEXT]
