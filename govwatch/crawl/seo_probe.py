"""SEO files and the site search (issue #7 §6): /robots.txt, the sitemap (the robots.txt ``Sitemap:``
line, else /sitemap.xml), and the homepage's search form asked for the title of an article the crawl
read. The search answer names the article when one of its links points to the article's path or
carries the title as its text — an echo of the query in the search box does not count. A search run by
JavaScript (no form action, ``onsubmit``, an input outside a form) is recorded but not asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import aiohttp
from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.transport import FetchedText, SearchProbe
from govwatch.core.urls import normalize_url
from govwatch.crawl.encoding import decode_html

TEXT_CHARS = 200_000
READ_BYTES = 1_000_000
_SEARCH_HINT = re.compile(r"search|sousuo|query|keyword|检索|搜索|查询|\bso\b", re.IGNORECASE)
_TEXT_TYPES = {"", "text", "search"}
_SPACE = re.compile(r"\s+")


async def fetch_text(session: aiohttp.ClientSession, url: str, *, timeout: float, method: str = "GET",
                     data: dict[str, str] | None = None, params: dict[str, str] | None = None) -> FetchedText:
    """GET (or POST ``data``) ``url`` following redirects; the body decoded and cut to 200,000
    characters. Never raises: a failure is ``FetchedText.error``."""
    try:
        async with session.request(method, url, data=data, params=params,
                                   timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            body = await resp.content.read(READ_BYTES)
            text, _ = decode_html(body, resp.charset)
            return FetchedText(url=url, status=resp.status, content_type=resp.content_type, text=text[:TEXT_CHARS],
                               final_url=str(resp.url))
    except (aiohttp.ClientError, TimeoutError, OSError, ValueError, LookupError) as exc:
        return FetchedText(url=url, error=f"{type(exc).__name__}: {exc}")


def sitemap_urls(robots: str, root: str) -> list[str]:
    """Sitemap URLs declared in a robots.txt body (``Sitemap:`` lines; a path is taken relative to
    ``root``), else ``root``/sitemap.xml."""
    found = [line.split(":", 1)[1].strip() for line in robots.splitlines()
             if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()]
    return [root + url if url.startswith("/") else url for url in found] or [root + "/sitemap.xml"]


@dataclass(frozen=True)
class SearchForm:
    """A search form: ``action`` absolute URL, ``method`` GET/POST, ``field`` the query input's name,
    ``hidden`` the form's other named inputs with their values; ``scripted`` True when JavaScript runs
    the search (no ``action``, an ``onsubmit`` handler, or a search input outside any form)."""

    action: str
    method: str
    field: str
    hidden: dict[str, str]
    scripted: bool = False


def _is_search(form: LexborNode, text_inputs: list[LexborNode]) -> bool:
    attrs = " ".join(str(v or "") for v in form.attributes.values())
    labels = " ".join(" ".join(str(v or "") for v in node.attributes.values()) for node in text_inputs)
    buttons = " ".join((b.text() or "") + " " + str(b.attributes.get("value") or "")
                       for b in form.css("button, input[type=submit], input[type=image]"))
    return bool(_SEARCH_HINT.search(attrs) or _SEARCH_HINT.search(labels) or _SEARCH_HINT.search(buttons))


def search_form(html: str, base: str) -> SearchForm | None:
    """The first search form of ``html`` (a form with one text/search input whose attributes, input or
    button mention search: 搜索, 检索, search, keyword …), else a search input outside any form
    (``scripted``), or None."""
    tree = LexborHTMLParser(html)
    for form in tree.css("form"):
        inputs = [n for n in form.css("input[name]")
                  if (n.attributes.get("type") or "").lower() in _TEXT_TYPES]
        if not inputs or not _is_search(form, inputs):
            continue
        try:
            action = normalize_url(form.attributes.get("action") or base, base) or base
        except ValueError:
            continue
        hidden = {str(n.attributes.get("name")): str(n.attributes.get("value") or "")
                  for n in form.css("input[type=hidden][name]")}
        method = "POST" if (form.attributes.get("method") or "").lower() == "post" else "GET"
        scripted = not (form.attributes.get("action") or "").strip() or "onsubmit" in form.attributes
        return SearchForm(action, method, str(inputs[0].attributes.get("name")), hidden, scripted)
    for node in tree.css("input"):
        if (node.attributes.get("type") or "").lower() in _TEXT_TYPES and _is_search(node, [node]) \
                and not _inside_form(node):
            return SearchForm(base, "GET", str(node.attributes.get("name") or node.attributes.get("id") or ""), {}, True)
    return None


def _inside_form(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "form":
            return True
        parent = parent.parent
    return False


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def names_article(html: str, base: str, title: str, article_url: str) -> bool:
    """True when a link of ``html`` points to ``article_url``'s path or its text holds ``title``."""
    want_path = article_url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    want_title = _norm(title)
    for node in LexborHTMLParser(html).css("a[href]"):
        href = node.attributes.get("href") or ""
        try:
            url = normalize_url(href, base) or ""
        except ValueError:
            url = ""
        path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        text = _norm(node.text() or "") or _norm(str(node.attributes.get("title") or ""))
        short = text.rstrip("…. ")
        if (want_path and path == want_path) or (want_title and want_title in text) or \
                (want_title and len(short) >= max(8, 0.6 * len(want_title)) and short in want_title):
            return True
    return False


async def probe_search(session: aiohttp.ClientSession, home_html: str, home_url: str, title: str,
                       article_url: str, timeout: float) -> SearchProbe:
    """Ask the homepage's search form for ``title`` and judge the answer (see module docstring)."""
    form = search_form(home_html, home_url)
    if form is None:
        return SearchProbe()
    if form.scripted:
        return SearchProbe(form.action, form.method, form.field, title, article_url, scripted=True)
    if not title:
        return SearchProbe(form.action, form.method, form.field)
    values = {**form.hidden, form.field: title}
    if form.method == "POST":
        result = await fetch_text(session, form.action, timeout=timeout, method="POST", data=values)
    else:
        result = await fetch_text(session, form.action, timeout=timeout, params=values)
    found = result.ok and names_article(result.text, result.final_url or form.action, title, article_url)
    return SearchProbe(form.action, form.method, form.field, title, article_url, result, found)
