"""Check ``security.cloaking`` — the homepage shows a search-engine crawler something a visitor does not
see (user-agent cloaking, the usual way 暗链 and gambling keywords are planted for SEO).

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」items 3–4; 国办发〔2017〕47号 安全防护. Judged
on the transport probe, which fetches the homepage as a browser and as Baiduspider. Flagged: links to
untrusted hosts (:mod:`govwatch.checks.trust`) or spam-listed links only the crawler gets, and spam
words (``rules/data/spam-words.yaml``) only in the crawler's page. An ordinary difference (a date, a
session token) is never flagged. Code ``security.cloaking``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.checks.trust import DEFAULT_SUFFIXES, is_trusted
from govwatch.core.models import Finding
from govwatch.core.urls import host_of, normalize_url
from govwatch.extract.html import parse, text_of
from govwatch.rules.spam_words import default_spam_words

ID = "security.cloaking"
MAX_LISTED = 10


class Params(BaseModel):
    """``trusted_suffixes``/``allowed_hosts`` as for ``security.hidden_link``."""

    model_config = ConfigDict(extra="forbid")
    trusted_suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
    allowed_hosts: list[str] = Field(default_factory=list)


def links(html: str, base: str) -> dict[str, str]:
    """Absolute link URL → anchor text for every ``<a href>`` in ``html``."""
    out: dict[str, str] = {}
    for node in parse(html).css("a[href]"):
        try:
            url = normalize_url(node.attributes.get("href") or "", base)
        except ValueError:
            continue
        if url:
            out.setdefault(url, text_of(node))
    return out


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding when the crawler's homepage carries suspicious links or words the visitor's lacks."""
    t = ctx.transport
    if t is None or not t.visitor_html or not t.spider_html or t.visitor_html == t.spider_html:
        return
    words = default_spam_words()
    seen = links(t.visitor_html, t.home_url)
    extra = {u: text for u, text in links(t.spider_html, t.home_url).items() if u not in seen}
    bad = {u: text for u, text in extra.items()
           if words.match(text, host_of(u)) or not is_trusted(host_of(u), ctx.site, params.trusted_suffixes,
                                                              params.allowed_hosts)}
    visitor_text, spider_text = text_of(parse(t.visitor_html).body), text_of(parse(t.spider_html).body)
    hits = {m.word: m.label for m in words.match(spider_text, "") if m.word not in visitor_text.lower()}
    if not bad and not hits:
        return
    yield Finding(
        code="security.cloaking", target=ctx.site.home_url, url=t.home_url,
        message=f"首页对搜索引擎爬虫（{t.spider_agent.split(';')[1].strip() if ';' in t.spider_agent else '爬虫'}）"
                f"显示的内容与普通访问者不同：多出 {len(bad)} 个可疑链接"
                + (f"，以及违规词「{'、'.join(hits)}」" if hits else "") + "。",
        evidence={"links": [{"url": u, "text": x} for u, x in list(bad.items())[:MAX_LISTED]],
                  "words": [{"word": w, "label": lb} for w, lb in hits.items()], "spider_agent": t.spider_agent},
        fix="网站很可能被植入了针对搜索引擎的黑帽代码：排查服务器上按 User-Agent 区分输出的脚本或配置，清除后复查。",
    )
