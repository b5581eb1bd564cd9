"""Helpers every collector shares: failure results, HTML fragments → text and links, captcha pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Post
from govwatch.sources.http import Answer

# Texts of the verification pages platforms and WAFs send instead of content (anti-crawler answers).
_CAPTCHA = re.compile(r"环境异常|完成验证后即可继续访问|请输入验证码|安全验证|访问过于频繁|异常访问|captcha", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u3000\xa0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_BLOCKS = "p, div, section, li, h1, h2, h3, h4, h5, h6, tr, blockquote, article, header, footer, table"


def failed(account: AccountSpec, kind: CollectErrorKind, message: str, fetched_at: datetime, *,
           source: str, posts: Iterable[Post] = (), notes: Iterable[str] = ()) -> CollectResult:
    """A ``CollectResult(ok=False)``: the account is judged neither fresh nor stale from it."""
    return CollectResult(account, tuple(posts), fetched_at, ok=False, error_kind=kind, error_message=message,
                         notes=tuple(notes), source=source)


def failed_answer(account: AccountSpec, answer: Answer, fetched_at: datetime, *, source: str,
                  what: str) -> CollectResult:
    """The failure result for an answer that is not a usable 2xx (``what`` names the request in Chinese)."""
    kind = answer.error or CollectErrorKind.HTTP
    reason = answer.message or f"HTTP {answer.status}"
    return failed(account, kind, f"{what}采集失败：{reason}（{answer.url}）", fetched_at, source=source)


def looks_like_captcha(text: str) -> bool:
    """True when a page reads like an anti-crawler verification page (验证码, 环境异常 …)."""
    return bool(_CAPTCHA.search(text[:20000]))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: ``<br>``/block ends become newlines, runs of blanks collapse."""
    if not fragment.strip():
        return ""
    tree = LexborHTMLParser(f"<div>{fragment}</div>")
    for br in tree.css("br"):
        br.replace_with("\n")
    for block in tree.css(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    body = tree.body
    raw = body.text(separator="") if body is not None else ""
    lines = (_SPACE.sub(" ", line).strip() for line in raw.splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def html_links(fragment: str, base: str = "", skip_hosts: Iterable[str] = ()) -> tuple[str, ...]:
    """Absolute http(s) URLs of ``<a href>`` in a fragment, in order, without duplicates.

    ``skip_hosts`` are platform-internal hosts (topic search, @mentions) that are navigation, not links
    the account published.
    """
    if not fragment.strip():
        return ()
    skip = {h.lower() for h in skip_hosts}
    found: list[str] = []
    for node in LexborHTMLParser(f"<div>{fragment}</div>").css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() in skip:
            continue
        if url not in found:
            found.append(url)
    return tuple(found)
