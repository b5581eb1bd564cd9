"""Check ``interaction.messages`` — 互动回应差 (2), 办理答复 and 留言公开.

Source: 国办秘函〔2019〕19号 单项否决「互动回应差」 (doc §1.1 [C]): 监测时间点前 1 年内，政务咨询类栏目（不含
在线访谈、调查征集、网上信访、纪检举报）存在有效留言超过 3 个月未回应 → ``interaction.unanswered`` (veto; an
answer given more than 3 months after the message counts too: it was left unanswered that long). 扣分
「互动交流」 办理答复 (doc §1.2 [C2]: 简单常见咨询 5 个工作日内答复, 湖南 2022): answers later than
``reply_workdays`` Chinese working days → ``interaction.slow_reply``. 留言公开: a channel that shows only a
count of messages → ``interaction.not_public``. 征集调查 / 在线访谈 activities within the year are reported
as ``interaction.activities`` (info) when such channels exist. Messages without a readable status or date
are not judged (never guessed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import ColumnType, Finding
from govwatch.extract.interaction import ANSWERED, INVALID, PENDING, Message, default_table, interaction_facts
from govwatch.extract.workdays import working_days_between

ID = "interaction.messages"


class Params(BaseModel):
    """Days: ``window_days`` the year before the monitoring point, ``unanswered_days`` the 3 months,
    ``reply_workdays`` the working-day answer limit; ``max_listed`` messages listed as evidence."""

    model_config = ConfigDict(extra="forbid")
    window_days: int = 365
    unanswered_days: int = 90
    reply_workdays: int = 5
    max_listed: int = 20


def message_evidence(m: Message, today: date) -> dict[str, object]:
    """A message as evidence: title, url, dates, status, latency in days and working days."""
    end = m.answered or today
    return {"title": m.title, "url": m.url, "page": m.page_url, "channel_name": m.channel_name,
            "asked": m.asked.isoformat() if m.asked else None,
            "answered": m.answered.isoformat() if m.answered else None,
            "status_text": m.status_text, "replier": m.replier,
            "latency_days": (end - m.asked).days if m.asked else None,
            "latency_workdays": working_days_between(m.asked, end) if m.asked else None}


def _judged(messages: Iterable[Message], today: date, window: int) -> list[Message]:
    start = today - timedelta(days=window)
    return [m for m in messages if m.channel in (None, "consult") and m.status != INVALID
            and m.asked is not None and start <= m.asked <= today]


def _late(m: Message, today: date, limit: int) -> bool:
    assert m.asked is not None
    if m.answered is not None:
        return (m.answered - m.asked).days > limit
    return m.status == PENDING and (today - m.asked).days > limit


def activities(ctx: ScanContext) -> dict[str, int] | None:
    """Counts of 征集调查 / 在线访谈 items dated within the year, None when the site has no such column."""
    table = default_table()
    start = ctx.today - timedelta(days=365)
    counts: dict[str, int] = {}
    for column in ctx.facts.columns:
        kind = table.classify(column.name)
        if column.type is ColumnType.INTERACTION and kind in ("survey", "interview"):
            counts[kind] = counts.get(kind, 0) + sum(
                1 for i in column.items if i.published is not None and start <= i.published <= ctx.today)
    return counts or None


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings per the module docstring: one per unanswered message (≤ ``max_listed``), one for all
    slow answers, one for count-only pages, one info with the activity counts."""
    facts = interaction_facts(ctx.crawl, ctx.today)
    judged = _judged(facts.messages, ctx.today, params.window_days)
    late = [m for m in judged if _late(m, ctx.today, params.unanswered_days)]
    for m in late[: params.max_listed]:
        ev = message_evidence(m, ctx.today)
        state = f"{ev['latency_days']} 天后才答复" if m.answered else f"至今 {ev['latency_days']} 天未答复"
        yield Finding(
            code="interaction.unanswered", target=ctx.site.home_url, url=m.url,
            message=f"留言「{m.title}」（{m.asked}）{state}，超过 3 个月未回应，达到单项否决标准「互动回应差」。",
            evidence={**ev, "limit_days": params.unanswered_days, "today": ctx.today.isoformat(),
                      "count": len(late)},
            fix="请立即答复所列留言并公开答复内容，建立留言办理时限督办机制（国办秘函〔2019〕19号 单项否决：互动回应差）。",
        )
    slow = [m for m in judged if m not in late and m.answered is not None and m.asked is not None
            and working_days_between(m.asked, m.answered) > params.reply_workdays]
    if slow:
        yield Finding(
            code="interaction.slow_reply", target=ctx.site.home_url, url=slow[0].page_url, count=len(slow),
            message=f"近一年有 {len(slow)} 条留言超过 {params.reply_workdays} 个工作日才答复。",
            evidence={"count": len(slow), "limit_workdays": params.reply_workdays,
                      "messages": [message_evidence(m, ctx.today) for m in slow[: params.max_listed]]},
            fix=f"请在 {params.reply_workdays} 个工作日内答复简单常见咨询，复杂问题先告知办理进度。",
        )
    if not facts.messages and facts.count_only:
        url, phrase = facts.count_only[0]
        yield Finding(
            code="interaction.not_public", target=ctx.site.home_url, url=url,
            message=f"留言渠道只公开了留言数量（「{phrase}」），未公开留言及答复内容。",
            evidence={"pages": [{"page": u, "text": t} for u, t in facts.count_only[: params.max_listed]]},
            fix="请公开网民留言及答复内容（涉及个人隐私的可隐去个人信息）。",
        )
    counts = activities(ctx)
    if counts is not None:
        yield Finding(
            code="interaction.activities", target=ctx.site.home_url, url=ctx.facts.home_url,
            message=f"近一年开展征集调查 {counts.get('survey', 0)} 次、在线访谈 {counts.get('interview', 0)} 次。",
            evidence={"survey": counts.get("survey", 0), "interview": counts.get("interview", 0),
                      "answered": sum(1 for m in judged if m.status == ANSWERED), "messages": len(judged)},
            fix="请结合工作定期开展征集调查和在线访谈，并公开结果。",
        )
