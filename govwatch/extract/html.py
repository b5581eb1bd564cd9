"""Small HTML helpers shared by the extractors: parsing, URLs, page chrome, meta tags.

Parsing uses ``selectolax.lexbor`` (DESIGN.md §1). ``<script>``, ``<style>`` and ``<noscript>`` are
dropped at parse time: their text is never page content.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.models import Page
from govwatch.core.urls import InvalidURL, normalize_url

_CHROME_TAGS = frozenset({"nav", "header", "footer"})
_CHROME_NAMES = re.compile(r"nav|menu|head|foot|bottom|copyright|banner|crumb|sidebar", re.I)
_FOOTER_NAMES = re.compile(r"foot|copyright", re.I)
_SPACE = re.compile(r"\s+")
URL_KEY_CACHE = 65_536
"""Distinct URLs whose :func:`url_key` is remembered (least recently used dropped first)."""


def parse(html: str) -> LexborHTMLParser:
    """A parsed document without script/style/noscript elements."""
    tree = LexborHTMLParser(html or "<html></html>")
    tree.strip_tags(["script", "style", "noscript", "template"])
    return tree


def clean(text: str) -> str:
    """Collapse whitespace (including U+3000 and nbsp) to single spaces and strip."""
    return _SPACE.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def text_of(node: LexborNode | None) -> str:
    """The node's visible text, whitespace collapsed; '' for None."""
    return clean(node.text(separator=" ")) if node is not None else ""


def base_url(page: Page, tree: LexborHTMLParser) -> str:
    """The URL relative links resolve against: ``<base href>`` if present, else the final URL."""
    page_url = page.fetch.final_url or page.url
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    if not href:
        return page_url
    try:
        return urljoin(page_url, href)
    except ValueError:
        return page_url


def absolute(base: str, href: str | None) -> str | None:
    """``href`` resolved against ``base`` without its fragment; None for empty, ``javascript:``,
    ``mailto:``, ``tel:``, bare-fragment and malformed links."""
    href = (href or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        url = urljoin(base, href).split("#", 1)[0]
        return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None
    except ValueError:  # e.g. "http://[::1" — a malformed href is no link
        return None


@lru_cache(maxsize=URL_KEY_CACHE)
def url_key(url: str) -> str:
    """Canonical form used to match URLs found in HTML with the crawler's URLs: the crawl's own
    :func:`govwatch.core.urls.normalize_url` (the URL itself when it is not a followable http(s) URL).
    Memoised (``URL_KEY_CACHE`` entries): a site repeats its menus on every page, so the extractors ask
    for the same URLs hundreds of thousands of times a scan."""
    try:
        return normalize_url(url) or url
    except InvalidURL:
        return url


def is_chrome(node: LexborNode) -> bool:
    """True for page chrome: nav/header/footer elements or ones whose id/class names a menu, header,
    footer, breadcrumb or sidebar."""
    if node.tag in _CHROME_TAGS:
        return True
    names = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
    return bool(_CHROME_NAMES.search(names))


def is_footer(node: LexborNode) -> bool:
    """True for a footer: a ``<footer>`` element or one whose id/class names foot/copyright."""
    if node.tag == "footer":
        return True
    names = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
    return bool(_FOOTER_NAMES.search(names))


def in_footer(node: LexborNode) -> bool:
    """True when ``node`` or one of its ancestors is a footer (see :func:`is_footer`)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", None):
        if is_footer(current):
            return True
        current = current.parent
    return False


def in_chrome(node: LexborNode) -> bool:
    """True when ``node`` or one of its ancestors is page chrome (see :func:`is_chrome`)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", None):
        if is_chrome(current):
            return True
        current = current.parent
    return False


def content_text(html: str) -> str:
    """Body text without page chrome (nav, header, footer, breadcrumbs, sidebars), whitespace collapsed."""
    tree = parse(html)
    chrome = [n for n in tree.css("*") if n.tag not in ("html", "body") and is_chrome(n)]
    for node in chrome:
        node.decompose()  # nested chrome goes with its ancestor; decomposing it again is harmless
    return text_of(tree.body)


def metas(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta name=… content=…>`` values keyed by lower-case name (first occurrence wins)."""
    out: dict[str, str] = {}
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").strip().lower()
        if name and name not in out:
            out[name] = clean(node.attributes.get("content") or "")
    return out


def page_title(tree: LexborHTMLParser) -> str:
    """``<title>`` text, whitespace collapsed ('' if none)."""
    return text_of(tree.css_first("title"))
