"""Check ``interaction.channel`` — 互动回应差 (1): no effective online consultation channel.

Source: 国办秘函〔2019〕19号 单项否决「互动回应差」 (doc §1.1 [C]): 未提供有效的网上咨询或建议渠道 (网上信访、
纪检举报类渠道不计入) → 单项否决. A channel counts when it is a consultation channel (政务咨询、领导信箱、
留言 …, keywords in ``rules/data/interaction.yaml``), its page loads and a submission form is on it or one
click away (or it is a reachable platform on another host). Code: ``interaction.no_channel``. Not judged when
the homepage could not be fetched (nothing was seen).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.interaction import Channel, interaction_facts

ID = "interaction.channel"
_KIND_NAMES = {"consult": "咨询建言", "interview": "在线访谈", "survey": "征集调查", "excluded": "信访举报/纠错"}


class Params(BaseModel):
    """``max_listed``: how many channels the evidence lists."""

    model_config = ConfigDict(extra="forbid")
    max_listed: int = 20


def channel_evidence(channel: Channel) -> dict[str, object]:
    """One channel as evidence: name, url, kind (Chinese), whether it loads and has a form, status."""
    return {"name": channel.name, "url": channel.url, "kind": _KIND_NAMES.get(channel.kind, channel.kind),
            "loads": channel.loads, "has_form": channel.has_form, "external": channel.external,
            "status": channel.status, "page": channel.source}


def limit_note(ctx: ScanContext) -> str:
    """'' normally; a request for a manual review when the crawl stopped at its page limit (the channel
    or service entry may sit on a page that was not reached)."""
    if not ctx.crawl.stats.limit_reached:
        return ""
    return f"（本次抓取达到页面上限，仅检查了 {len(ctx.crawl.pages)} 个网页，请人工复核后再认定。）"


def _why(channels: tuple[Channel, ...]) -> str:
    consult = [c for c in channels if c.kind == "consult"]
    if not channels:
        return "未发现任何互动交流渠道"
    if not consult:
        kinds = "、".join(sorted({_KIND_NAMES[c.kind] for c in channels}))
        return f"仅发现{kinds}类渠道（网上信访、纪检举报、在线访谈、征集调查等不属于网上咨询建言渠道）"
    broken = "、".join(c.name for c in consult[:5])
    return f"发现的咨询建言渠道（{broken}）均无法打开或未提供留言提交表单"


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``interaction.no_channel`` finding when no channel is effective (see module docstring)."""
    home = ctx.crawl.home
    if home is None or not home.fetch.ok:
        return
    channels = interaction_facts(ctx.crawl, ctx.today).channels
    if any(c.effective for c in channels):
        return
    yield Finding(
        code="interaction.no_channel", target=ctx.site.home_url, url=ctx.facts.home_url,
        message=f"网站未提供有效的网上咨询或建言渠道：{_why(channels)}，达到单项否决标准「互动回应差」。{limit_note(ctx)}",
        evidence={"channels": [channel_evidence(c) for c in channels[: params.max_listed]],
                  "count": len(channels), "pages": len(ctx.crawl.pages), "today": ctx.today.isoformat(),
                  "limit_reached": ctx.crawl.stats.limit_reached},
        fix="请开设可用的政务咨询或领导信箱等留言渠道（提供留言提交功能），网上信访、纪检举报渠道不能替代"
            "（国办秘函〔2019〕19号 单项否决：互动回应差）。",
    )
