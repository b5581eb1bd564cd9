"""互动交流 facts: consultation channels and the messages (留言) a site publishes, read from the crawl.

Channels are the links and pages whose name matches the channel table of
``govwatch/rules/data/interaction.yaml`` (``consult`` / ``interview`` / ``survey`` / ``excluded`` —
网上信访、纪检举报、「我为政府网站找错」 are ``excluded``: 国办秘函〔2019〕19号 单项否决「互动回应差」).
A channel *works* when its page loads and a submission form (a ``<form>`` with a ``<textarea>`` or ≥ 2 text
inputs) is on it or one 「我要写信」-style click away; forms are detected, never submitted.

Messages come from three layouts: tables with a header row (留言时间 / 回复时间 / 状态 / 回复单位 …), lists
whose rows carry status badges (已回复 / 已办结 / 办理中 / 未回复) or labelled dates, and detail pages
(留言时间：… 答复时间：…). A detail page completes the list row that links to it. Dates use the formats of
:mod:`govwatch.extract.dates`; nothing is guessed: a message without a readable status stays ``unknown``.
"""

from __future__ import annotations

import importlib
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import LinkKind, LinkVerdict, Page
from govwatch.extract import dates
from govwatch.extract.columns import pages_by_key
from govwatch.extract.html import absolute, base_url, clean, parse, text_of, url_key
from govwatch.extract.interaction_table import (
    ANSWERED,
    INVALID,
    MAX_NAME,
    PENDING,
    UNKNOWN,
    InteractionTable,
    default_table,
    load_table,
)
from govwatch.extract.messages import Message, read_messages

__all__ = ["ANSWERED", "INVALID", "PENDING", "UNKNOWN", "Channel", "InteractionFacts", "InteractionTable",
           "Message", "count_only_pages", "default_table", "find_channels", "has_submit_form",
           "interaction_facts", "load_table", "page_anchors", "read_messages"]


@dataclass(frozen=True)
class Channel:
    """One interaction channel: ``name`` as linked, ``url``, ``kind`` (consult / interview / survey /
    excluded), ``source`` the page linking to it, ``loads`` its page or check answered 2xx, ``has_form`` a
    submission form is on it or one click away, ``external`` it lives on another host (a provincial
    platform: its form cannot be read, reachability stands for the endpoint), ``status`` HTTP status."""

    name: str
    url: str
    kind: str
    source: str
    loads: bool
    has_form: bool
    external: bool = False
    status: int | None = None

    @property
    def effective(self) -> bool:
        """A consultation channel in the indicator's sense that works."""
        return self.kind == "consult" and self.loads and (self.has_form or self.external)



@dataclass(frozen=True)
class InteractionFacts:
    """Channels, messages, and pages that show only a message count (``count_only``: (url, snippet))."""

    channels: tuple[Channel, ...] = ()
    messages: tuple[Message, ...] = ()
    count_only: tuple[tuple[str, str], ...] = ()



def has_submit_form(tree: LexborHTMLParser) -> bool:
    """True when a form with a ``<textarea>`` or ≥ 2 text inputs is on the page (a search box is not one)."""
    for form in tree.css("form"):
        if form.css_first("textarea") is not None:
            return True
        texts = [i for i in form.css("input") if (i.attributes.get("type") or "text").lower() in ("text", "tel", "email")]
        if len(texts) >= 2:
            return True
    return False



_FOLLOWED = (LinkKind.PAGE, LinkKind.EXTERNAL, LinkKind.FRAME)


def page_anchors(page: Page) -> list[tuple[str, str]]:
    """(url, text) of the page's followable links: the crawler's ``page.links`` (pages, frames, external
    links), else — for a page built without them — the ``<a href>`` of its HTML."""
    if page.links:
        return [(link.url, link.text) for link in page.links if link.kind in _FOLLOWED]
    if not page.html:
        return []
    tree = parse(page.html)
    base = base_url(page, tree)
    out = []
    for node in tree.css("a[href]"):
        url = absolute(base, node.attributes.get("href"))
        if url is not None:
            out.append((url, text_of(node) or clean(node.attributes.get("title") or "")))
    return out


def find_channels(crawl: CrawlResult, table: InteractionTable | None = None) -> tuple[Channel, ...]:
    """Every interaction channel linked from a crawled page, first name per URL."""
    table = table or default_table()
    pages = pages_by_key(crawl)
    found: dict[str, Channel] = {}
    kinds: dict[str, str | None] = {}  # the same menu texts stand on every page
    for page in crawl.pages:
        for url, text in page_anchors(page):
            if not text or len(text) > MAX_NAME:
                continue
            if text not in kinds:
                kinds[text] = table.classify(text)
            kind = kinds[text]
            if kind is None:
                continue
            key = url_key(url)
            if key in found:
                continue
            found[key] = _channel(text, url, kind, page.url, crawl, pages, table)
    return tuple(found.values())


def _channel(name: str, url: str, kind: str, source: str, crawl: CrawlResult, pages: Mapping[str, Page],
             table: InteractionTable) -> Channel:
    page = pages.get(url_key(url))
    check = crawl.links.get(url)
    external = check is not None and check.kind is LinkKind.EXTERNAL
    if page is not None:
        loads = page.fetch.ok and bool(page.html)
        status = page.fetch.status
    else:
        loads = check is not None and check.verdict is LinkVerdict.OK
        status = check.fetch.status if check is not None else None
    has_form = loads and page is not None and _form_near(page, pages, table)
    return Channel(name=name, url=url, kind=kind, source=source, loads=loads, has_form=has_form,
                   external=external and loads, status=status)


def _form_near(page: Page, pages: Mapping[str, Page], table: InteractionTable) -> bool:
    """A submission form on ``page`` or on a page it links to with a 「我要写信」-style text."""
    if has_submit_form(parse(page.html)):
        return True
    for url, text in page_anchors(page):
        if any(word in text for word in table.submit_links) and len(text) <= MAX_NAME:
            target = pages.get(url_key(url))
            if target is not None and target.fetch.ok and has_submit_form(parse(target.html)):
                return True
    return False


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


@lru_cache(maxsize=64)
def required_words(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """Word sets of which a match of ``pattern`` (compiled with ``flags``) must contain one each: its
    top-level alternations of plain words (``(?:留言|来信|咨询)``). A page holding no word of one set cannot
    match, which a substring test tells far faster than the regex. () when nothing is known: an odd
    pattern, or one with flags (case-insensitive …), is never gated."""
    if flags & ~re.UNICODE or _INLINE_FLAGS.search(pattern):
        return ()
    try:
        c = importlib.import_module("re._constants")  # the stdlib's own regex parser (private, 3.11+)
        items = list(importlib.import_module("re._parser").parse(pattern))
    except Exception:  # an unparsable or unexpected pattern: no gate, the regex decides
        return ()
    out: list[tuple[str, ...]] = []
    for op, av in items:
        if op is c.SUBPATTERN and len(av[3]) == 1:
            op, av = av[3][0]
        if op is not c.BRANCH:
            continue
        words = []
        for alternative in av[1]:
            if not alternative or any(o is not c.LITERAL for o, _ in alternative):
                break
            words.append("".join(chr(code) for _, code in alternative))
        else:
            out.append(tuple(words))
    return tuple(out)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when ``text`` lacks every word of one of ``pattern``'s :func:`required_words` sets (then
    ``pattern.search(text)`` is None); True otherwise — a cheap test to run before the regex."""
    return all(any(w in text for w in words) for words in required_words(pattern.pattern, pattern.flags))


def count_only_pages(crawl: CrawlResult, table: InteractionTable | None = None) -> tuple[tuple[str, str], ...]:
    """Pages showing a message count (「共收到留言 120 件」) as (url, the phrase)."""
    table = table or default_table()
    out: list[tuple[str, str]] = []
    for page in crawl.pages:
        if not page.fetch.ok or not page.html:
            continue
        html = page.html
        if not any(may_match(pattern, html) and pattern.search(html) for pattern in table.count_phrases):
            continue  # the phrase is not even in the raw HTML: no need to parse
        text = clean(dates.normalize(text_of(parse(page.html).body)))
        for pattern in table.count_phrases:
            match = pattern.search(text)
            if match:
                out.append((page.fetch.final_url or page.url, match.group(0)))
                break
    return tuple(out)


_CACHE: dict[tuple[int, date], tuple[weakref.ref[CrawlResult], InteractionFacts]] = {}


def interaction_facts(crawl: CrawlResult, today: date) -> InteractionFacts:
    """Channels, messages and count-only pages of one crawl (computed once per crawl and day: several
    checks read them)."""
    key = (id(crawl), today)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is crawl:
        return cached[1]
    facts = InteractionFacts(channels=find_channels(crawl), messages=read_messages(crawl, today),
                             count_only=count_only_pages(crawl))
    _CACHE.clear()
    _CACHE[key] = (weakref.ref(crawl), facts)
    return facts
