"""Check ``service.none`` — 服务不实用 (1): a portal that offers no services at all.

Source: 国办秘函〔2019〕19号 单项否决「服务不实用」 (doc §1.1 [C]): 未提供办事服务 → 单项否决. A portal offers
services when any crawled page links to 办事服务 / 政务服务 / 政务服务网 / 办事指南 … (keywords in
``rules/data/services.yaml``) or a 办事指南 page was found. Only 门户网站 are judged: departments without
external service duties skip the 办事服务 indicators (doc §1.0 [C]). Not judged when the homepage failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.checks.interaction_channel import limit_note
from govwatch.core.models import Finding
from govwatch.extract.services import service_facts

ID = "service.none"


class Params(BaseModel):
    """``kinds``: the site kinds that must offer services."""

    model_config = ConfigDict(extra="forbid")
    kinds: list[str] = Field(default_factory=lambda: ["portal"])


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``service.none`` finding when a site of a listed kind shows no service entry and no guide."""
    home = ctx.crawl.home
    if ctx.site.kind not in params.kinds or home is None or not home.fetch.ok:
        return
    facts = service_facts(ctx.crawl)
    if facts.entries or facts.guides:
        return
    yield Finding(
        code="service.none", target=ctx.site.home_url, url=ctx.facts.home_url,
        message=f"网站未提供办事服务（未发现办事服务、政务服务网入口或办事指南），达到单项否决标准「服务不实用」。{limit_note(ctx)}",
        evidence={"pages": len(ctx.crawl.pages), "today": ctx.today.isoformat(),
                  "limit_reached": ctx.crawl.stats.limit_reached},
        fix="请在网站开设办事服务栏目，发布办事指南或链接到本地政务服务网（国办秘函〔2019〕19号 单项否决：服务不实用）。",
    )
