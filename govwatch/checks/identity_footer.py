"""Check ``identity`` — the footer's identity items (网站标识).

Source: 国办发〔2017〕47号《政府网站发展指引》 底部功能区 — 主办单位, 联系方式, 网站标识码 (also in
``<meta name="SiteIDCode">``), ICP备案编号, 公安机关备案号, 党政机关网站标识; 国办秘函〔2019〕19号 功能设计
「网站标识」. Codes: ``identity.site_id_missing``, ``identity.site_id_mismatch`` (footer vs meta, or vs the
registry's 网站标识码), ``identity.icp_missing``, ``identity.police_missing``, ``identity.badge_missing``,
``identity.unit_missing``, ``identity.contact_missing``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.facts import IdentityFacts

ID = "identity"
ITEMS = ("site_id", "icp", "police", "badge", "unit", "contact")

_MISSING = {
    "icp": ("ICP备案号", "请在网站底部显著位置标注 ICP 备案编号（如「赣ICP备XXXXXXXX号」）并链接到工业和信息化部备案管理系统。"),
    "police": ("公安机关备案号", "请在网站底部标注公安机关备案号（如「赣公网安备 XXXXXXXXXXXXXX号」）并链接到备案查询页面。"),
    "badge": ("党政机关网站标识", "请在网站底部放置党政机关网站标识（开办单位标识图标），点击后应打开其证书信息页面。"),
    "unit": ("主办单位", "请在网站底部标注「主办单位：XXX」，写明网站主办单位全称。"),
    "contact": ("联系方式", "请在网站底部标注联系方式（地址、电话）或「联系我们」页面链接。"),
}


class Params(BaseModel):
    """``required``: which footer items are checked (any of site_id, icp, police, badge, unit, contact)."""

    model_config = ConfigDict(extra="forbid")
    required: list[str] = Field(default_factory=lambda: list(ITEMS))


def _present(facts: IdentityFacts, item: str) -> bool:
    return bool({"icp": facts.icp, "police": facts.police_filings, "badge": facts.badge,
                 "unit": facts.units, "contact": facts.contacts}[item])


def _evidence(facts: IdentityFacts, **extra: object) -> dict[str, object]:
    return {"page": facts.page_url, "site_id_codes": list(facts.site_id_codes), "meta_site_id": facts.meta_site_id,
            "icp": list(facts.icp), "police_filings": list(facts.police_filings), "badge": facts.badge,
            "badge_url": facts.badge_url, "units": list(facts.units), "contacts": list(facts.contacts),
            "footer_snippet": facts.snippet, "rendered": facts.rendered, **extra}


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per missing or mismatched item among ``params.required``; nothing when no page of
    the site could be read (a footer that was never seen is not 'missing')."""
    if not any(page.fetch.ok and page.html for page in ctx.crawl.pages):
        return
    facts = ctx.facts.identity
    url = facts.page_url or ctx.facts.home_url
    if "site_id" in params.required:
        yield from _site_id(ctx, facts, url)
    for item in ("icp", "police", "badge", "unit", "contact"):
        if item in params.required and not _present(facts, item):
            label, fix = _MISSING[item]
            yield Finding(code=f"identity.{item}_missing", target=ctx.site.home_url, url=url,
                          message=f"网站底部未发现{label}。", evidence=_evidence(facts), fix=fix)


def _site_id(ctx: ScanContext, facts: IdentityFacts, url: str) -> Iterable[Finding]:
    found = list(dict.fromkeys([*facts.site_id_codes, *([facts.meta_site_id] if facts.meta_site_id else [])]))
    if not found:
        yield Finding(
            code="identity.site_id_missing", target=ctx.site.home_url, url=url,
            message="网站底部和页面元数据（SiteIDCode）中均未发现网站标识码。", evidence=_evidence(facts),
            fix="请在网站底部标注「网站标识码：XXXXXXXXXX」，并在首页 <meta name=\"SiteIDCode\"> 中填写同一标识码。",
        )
        return
    expected = ctx.site.site_id_code
    problems = []
    if facts.site_id_codes and facts.meta_site_id and facts.meta_site_id not in facts.site_id_codes:
        problems.append(f"底部为 {'、'.join(facts.site_id_codes)}，元数据 SiteIDCode 为 {facts.meta_site_id}")
    if expected and any(code != expected for code in found):
        problems.append(f"页面标注 {'、'.join(found)}，登记的网站标识码为 {expected}")
    if problems:
        yield Finding(
            code="identity.site_id_mismatch", target=ctx.site.home_url, url=url,
            message="网站标识码不一致：" + "；".join(problems) + "。",
            evidence=_evidence(facts, registered_site_id=expected),
            fix="请核对全国政府网站信息报送系统分配的网站标识码，统一底部标注和 SiteIDCode 元数据。",
        )
