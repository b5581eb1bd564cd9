"""Check ``links`` — 链接可用性: dead links on the homepage and on other pages, blocked and unreachable URLs.

Source: 国办秘函〔2019〕19号 功能设计「可用性」; the 2015 普查 rule reused by local schemes counts
homepage and other pages apart (首页每个不可用链接扣 1 分, 其他页面每个扣 0.1 分 — points [U]); images,
attachments and external links count. One finding per URL (``count`` 1). ``blocked`` URLs (401/403/412/
429, WAF or captcha pages) are reported apart and never counted as dead; ``error``/``timeout`` verdicts are
reported as suspected (``links.unreachable``), not as dead.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding, LinkCheck, LinkVerdict
from govwatch.extract.html import url_key

ID = "links"

_KIND_NAMES = {"page": "网页", "image": "图片", "style": "样式表", "script": "脚本", "frame": "框架页",
               "attachment": "附件", "external": "外部链接"}


class Params(BaseModel):
    """``max_referrers``: how many referring pages (with anchor text) a finding lists as evidence."""

    model_config = ConfigDict(extra="forbid")
    max_referrers: int = 20


def evidence(check: LinkCheck, max_referrers: int) -> dict[str, object]:
    """URL, kind, verdict, status, error kind, seconds, time and up to ``max_referrers`` referrers."""
    fetch = check.fetch
    return {
        "url": check.url, "kind": check.kind.value, "verdict": check.verdict.value, "status": fetch.status,
        "error": fetch.error.value if fetch.error else None, "error_detail": fetch.error_detail,
        "seconds": round(fetch.seconds, 3), "checked_at": fetch.fetched_at.isoformat(), "on_home": check.on_home,
        "referrer_count": len(check.referrers),
        "referrers": [{"page": page, "text": text} for page, text in check.referrers[:max_referrers]],
    }


def _state(check: LinkCheck) -> str:
    fetch = check.fetch
    if fetch.status is not None:
        return f"HTTP {fetch.status}"
    return fetch.error.value if fetch.error else "无响应"


def _where(check: LinkCheck) -> str:
    pages = [page for page, _ in check.referrers[:3]]
    more = f"等 {len(check.referrers)} 个页面" if len(check.referrers) > 3 else ""
    return "、".join(pages) + more if pages else "（无引用页面记录）"


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per checked URL whose verdict is not ``ok`` (the homepage itself is left to
    ``homepage.unreachable``)."""
    home_keys = {url_key(ctx.site.home_url), url_key(ctx.facts.home_url)}
    for url, check in ctx.crawl.links.items():
        if check.verdict is LinkVerdict.OK or url_key(url) in home_keys:
            continue
        kind = _KIND_NAMES.get(check.kind.value, check.kind.value)
        ev = evidence(check, params.max_referrers)
        if check.verdict is LinkVerdict.DEAD:
            code, place = ("links.dead_home", "首页") if check.on_home else ("links.dead_inner", "其他页面")
            yield Finding(code=code, target=ctx.site.home_url, url=url, evidence=ev,
                          message=f"{place}存在不可用链接（{kind}）：{url}（{_state(check)}），出现在 {_where(check)}。",
                          fix="请修复或删除该链接；附件和图片应确保文件存在，外部链接失效应及时更新或移除。")
        elif check.verdict is LinkVerdict.BLOCKED:
            yield Finding(code="links.blocked", target=ctx.site.home_url, url=url, evidence=ev,
                          message=f"链接 {url} 拒绝了监测访问（{_state(check)}，可能为访问控制或防火墙拦截），未计为不可用链接。",
                          fix="请确认该链接对公众可正常访问；如为安全防护误拦截，请将监测平台加入白名单。")
        else:
            yield Finding(code="links.unreachable", target=ctx.site.home_url, url=url, evidence=ev,
                          message=f"链接 {url} 本次监测未能正常访问（{_state(check)}），疑似不可用，请人工复核。",
                          fix="请检查该链接所在服务器是否响应缓慢或出错（5xx、超时），修复后可申请复查。")
