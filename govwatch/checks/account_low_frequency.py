"""Check ``account.low_frequency`` — fewer posts per week or month than the account's level requires.

Source: provinces set weekly minimums (甘肃, 辽宁: at least one post a week; ../shared/indicators §1.4
[C]); the national indicator has none. The per-level targets below are the platform's defaults
(``confirmed: false`` in the rulebook): 市 ≥1 a week and ≥8 a month, 县 ≥1 a week and ≥4 a month,
乡镇 ≥2 a month (0 = not judged). The week is the 7 calendar days ending on the monitoring day, the month
the 30 days ending on it. A period is judged only when the collected posts are complete over it
(``CollectResult.complete_since``: a feed holds its last N items only) or already meet the target, and
never after a failed collection. Pinned posts count like any post published in the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.newmedia import NewMediaContext, account_label
from govwatch.core.clock import CHINA_TZ
from govwatch.core.models import Finding

ID = "account.low_frequency"

DEFAULT_TARGETS = {"市": {"week": 1, "month": 8}, "县": {"week": 1, "month": 4}, "乡镇": {"week": 0, "month": 2}}
PERIOD_NAMES = {"week": "周", "month": "月"}


class Params(BaseModel):
    """``targets``: level (市/县/乡镇) → {"week": posts, "month": posts} minimums; ``week_days`` and
    ``month_days``: the period lengths in days."""

    model_config = ConfigDict(extra="forbid")
    targets: dict[str, dict[str, int]] = Field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_TARGETS.items()})
    week_days: int = 7
    month_days: int = 30


def count_posts(ctx: NewMediaContext, first: date) -> int:
    """Distinct posts published from ``first`` through the monitoring day (Beijing dates)."""
    ids = {p.post_id for p in ctx.collect.posts if first <= p.published_at.date() <= ctx.today}
    return len(ids)


def covered(ctx: NewMediaContext, first: date) -> bool:
    """True when the collected posts hold every post since ``first`` 00:00 Beijing time."""
    since = ctx.collect.complete_since
    return since is None or since <= datetime.combine(first, time(0), CHINA_TZ)


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """One finding per period (week, month) whose post count is below the level's target."""
    targets = params.targets.get(ctx.account.level)
    if not ctx.collect.ok or not targets:
        return
    for period, days in (("week", params.week_days), ("month", params.month_days)):
        target = targets.get(period, 0)
        first = ctx.today - timedelta(days=days - 1)
        count = count_posts(ctx, first)
        if target <= 0 or count >= target or not covered(ctx, first):
            continue
        yield _finding(ctx, period, days, first, count, target)


def _finding(ctx: NewMediaContext, period: str, days: int, first: date, count: int, target: int) -> Finding:
    name = PERIOD_NAMES[period]
    level = ctx.account.level
    return Finding(
        code=ID, target=ctx.account.key, url=ctx.account.page_url,
        message=(f"{account_label(ctx.account)}（{level}级）近 {days} 天（{first.isoformat()} 至 {ctx.today.isoformat()}）"
                 f"发布 {count} 条信息，低于每{name}至少 {target} 条的要求。"),
        evidence={"period": period, "days": days, "from": first.isoformat(), "to": ctx.today.isoformat(),
                  "count": count, "target": target, "level": level, "source": ctx.collect.source},
        fix=f"请按{level}级政务新媒体每{name}不少于 {target} 条的要求保持更新频次。",
    )
