"""Check ``links.hijacked`` — an external link of the site (友情链接, 上级网站) whose domain no longer
resolves, is parked (for sale, a registrar's placeholder), or now serves spam (博彩, 色情 …).

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」item 3 (链接色情等内容) and the 链接可用性
indicators; 国办发〔2017〕47号 (友情链接 must be checked regularly) [U: this platform's reading]. Common
link checkers see a 200 and move on; a lapsed domain bought by a spammer answers 200 too. Judged on the
extended probe (:mod:`govwatch.crawl.outbound`, ``--security``), which follows each external host once.
Hosts under ``trusted_suffixes`` (.gov.cn: names a spammer cannot buy) are skipped. A name is "no
longer resolves" only when that is certain (RFC 6761 names, or NXDOMAIN while the resolver works).
Code ``links.hijacked`` with ``evidence.reason`` one of unresolvable, parked, spam.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.core.transport import OutboundProbe
from govwatch.extract.html import parse, text_of
from govwatch.rules.spam_words import default_spam_words

ID = "links.hijacked"
#: Texts of domain-parking and for-sale pages (registrars, Sedo, Dan, 阿里云/西部数码 停放页).
PARKING_MARKERS = [
    "this domain is for sale", "domain is for sale", "buy this domain", "is parked free",
    "parked domain", "domain parking", "sedoparking", "sedo.com", "dan.com", "afternic", "hugedomains",
    "parkingcrew", "bodis.com", "this domain may be for sale", "domain has expired", "域名出售", "此域名出售",
    "该域名正在出售", "域名正在出售", "域名停放", "域名已过期", "域名到期", "购买此域名", "本域名出售", "域名转让",
]


class Params(BaseModel):
    """``trusted_suffixes`` hosts never judged; ``parking_markers`` texts of parked pages (lower case);
    ``min_spam_hits`` distinct spam words a page must carry; ``max_findings``."""

    model_config = ConfigDict(extra="forbid")
    trusted_suffixes: list[str] = Field(default_factory=lambda: [".gov.cn", "conac.cn"])
    parking_markers: list[str] = Field(default_factory=lambda: list(PARKING_MARKERS))
    min_spam_hits: int = 2
    max_findings: int = 50


def _verdict(probe: OutboundProbe, params: Params) -> tuple[str, str, dict[str, object]] | None:
    if probe.resolves is False:
        return "unresolvable", f"域名 {probe.host} 已无法解析（{probe.resolve_error}）", {}
    page = probe.page
    if page is None or not page.ok or not page.text:
        return None  # a dead link: links.* reports it
    tree = parse(page.text)
    text = " ".join([text_of(tree.css_first("title")), text_of(tree.body)])
    low = text.lower()
    markers = [m for m in params.parking_markers if m.lower() in low]
    if markers:
        return "parked", f"域名 {probe.host} 已被停放或待售（页面含「{'、'.join(markers[:3])}」）", {"markers": markers}
    hits = list(dict.fromkeys(m.word for m in default_spam_words().match(text, probe.host)))
    if len(hits) >= params.min_spam_hits:
        return "spam", f"链接指向的网站现在显示违规内容（命中词：{'、'.join(hits[:8])}）", {"words": hits}
    return None


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per hijacked external host (nothing without the extended probe)."""
    t = ctx.transport
    if t is None or t.extra is None:
        return
    count = 0
    for probe in t.extra.outbound:
        host = probe.host
        if any(host == s.lstrip(".") or host.endswith(s if s.startswith(".") else "." + s)
               for s in params.trusted_suffixes):
            continue
        verdict = _verdict(probe, params)
        if verdict is None or count >= params.max_findings:
            continue
        count += 1
        reason, why, extra = verdict
        page = probe.page
        yield Finding(
            code="links.hijacked", target=ctx.site.home_url, url=probe.url,
            message=f"外部链接「{probe.texts[0] if probe.texts else probe.url}」疑似失效被劫持：{why}。",
            evidence={"reason": reason, "link": probe.url, "host": host, "texts": list(probe.texts),
                      "pages": list(probe.sources), "status": page.status if page else None,
                      "final_url": page.final_url if page else "", "excerpt": page.text[:300] if page else "", **extra},
            fix="立即从网站上删除或更正该链接（核实对方网站的现用域名），并定期检查友情链接。",
        )
