"""Check ``security.hidden_link`` — 暗链: links a visitor cannot see, links injected by script, and links
whose text or target carries black-hat SEO words (博彩、色情、网贷/办证、游戏私服).

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」item 3 (发布或链接…色情内容) and item 4
(安全攻击未及时处置); 国办发〔2017〕47号 安全防护. Judged on the browser sample
(:attr:`ScanContext.rendered`): the browser computes each anchor's style, so CSS hiding is seen the way a
visitor's browser applies it. A link is flagged when

* its text or target host matches the spam word lists (``rules/data/spam-words.yaml``), hidden or not; or
* it points to an untrusted host (:mod:`govwatch.checks.trust`) and is hidden (display:none,
  visibility:hidden, opacity 0, off-screen, zero size, font-size 0, text the colour of its background,
  inside ``<marquee>``) or exists only in the rendered DOM (not in the raw HTML: injected by script).

Hidden links to the site's own pages or to other government sites (drop-down menus, tabs, skip links)
are ordinary design and never flagged. Code: ``security.hidden_link``, one finding per page and target.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.checks.trust import DEFAULT_SUFFIXES, is_trusted
from govwatch.core.models import Finding
from govwatch.core.rendered import RenderedAnchor, RenderedPage
from govwatch.core.urls import host_of, normalize_url
from govwatch.extract.html import parse
from govwatch.rules.spam_words import SpamWords, default_spam_words

ID = "security.hidden_link"
HIDING = {
    "display_none": "display:none 隐藏", "visibility_hidden": "visibility:hidden 隐藏",
    "opacity_zero": "透明度为 0", "off_screen": "定位到页面可视区域之外", "zero_size": "尺寸为 0 或被裁剪",
    "font_size_zero": "字号为 0", "same_color": "文字颜色与背景色相同", "marquee": "置于 marquee 滚动区",
}


class Params(BaseModel):
    """``trusted_suffixes`` host suffixes never suspected (government domains); ``allowed_hosts`` extra
    trusted hosts; ``extra_words`` more anchor-text words per category (gambling, porn, loan,
    private_server or a new key); ``max_findings`` per page."""

    model_config = ConfigDict(extra="forbid")
    trusted_suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
    allowed_hosts: list[str] = Field(default_factory=list)
    extra_words: dict[str, list[str]] = Field(default_factory=dict)
    max_findings: int = 20


def raw_hrefs(page: RenderedPage) -> set[str] | None:
    """Normalised hrefs of the anchors in the page's raw HTML, None when the raw HTML is unknown."""
    if not page.raw_html:
        return None
    out = set()
    for node in parse(page.raw_html).css("a[href]"):
        url = _norm(node.attributes.get("href") or "", page.final_url)
        if url:
            out.add(url)
    return out


def _norm(href: str, base: str) -> str | None:
    try:
        return normalize_url(href, base)
    except ValueError:
        return None


def raw_snippet(raw_html: str, url: str, width: int = 160) -> str:
    """The raw HTML around the first occurrence of ``url``'s path-and-query ('' if not found)."""
    tail = url.split("://", 1)[-1]
    needle = tail.split("/", 1)[1] if "/" in tail and not tail.endswith("/") else tail.rstrip("/")
    at = raw_html.find(needle) if needle else -1
    return "" if at < 0 else raw_html[max(0, at - width):at + len(needle) + width]


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings over every rendered page of the sample (none without a browser pass)."""
    words = default_spam_words().extended(params.extra_words)
    for page in ctx.rendered:
        if page.error:
            continue
        yield from list(_page(ctx, params, words, page))[: params.max_findings]


def _page(ctx: ScanContext, params: Params, words: SpamWords, page: RenderedPage) -> Iterable[Finding]:
    raw = raw_hrefs(page)
    seen: set[str] = set()
    for anchor in page.anchors:
        host = host_of(anchor.url)
        norm = _norm(anchor.url, page.final_url) or anchor.url
        injected = raw is not None and norm not in raw
        hits = words.match(anchor.text, host)
        trusted = is_trusted(host, ctx.site, params.trusted_suffixes, params.allowed_hosts)
        if norm in seen or not (hits or (not trusted and (anchor.hidden or injected))):
            continue
        seen.add(norm)
        yield _finding(ctx, page, anchor, injected, hits)


def _finding(ctx: ScanContext, page: RenderedPage, anchor: RenderedAnchor, injected: bool,
             hits: list) -> Finding:
    how = [HIDING.get(h, h) for h in anchor.hidden] + (["仅存在于脚本生成的页面中（原始 HTML 中没有）"] if injected else [])
    kinds = list(dict.fromkeys(h.label for h in hits))
    what = f"（疑似{'、'.join(kinds)}链接，命中词：{'、'.join(dict.fromkeys(h.word for h in hits))}）" if hits else ""
    message = (f"页面存在可疑链接（暗链）「{anchor.text or anchor.url}」指向 {host_of(anchor.url)}"
               f"{what}：{'；'.join(how) or '对访问者可见'}。")
    return Finding(
        code="security.hidden_link", target=ctx.site.home_url, url=page.final_url, message=message,
        evidence={"page": page.final_url, "link": anchor.url, "text": anchor.text, "hidden": list(anchor.hidden),
                  "hiding": how, "injected": injected, "words": [h.__dict__ for h in hits],
                  "snippet": anchor.snippet, "raw_snippet": raw_snippet(page.raw_html, anchor.url),
                  "style": dict(anchor.style), "screenshot": page.screenshot},
        fix="立即删除该链接并排查网页模板、数据库与服务器是否被篡改或植入恶意代码，修补漏洞后复查；必要时向网信、公安部门报告。",
    )
