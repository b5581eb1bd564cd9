"""Check ``account.stale`` — 内容不更新 (政务新媒体单项否决), with ``account.stale_warning`` before it.

Source: 国办秘函〔2019〕19号 政务新媒体单项否决「内容不更新」: no post within 2 weeks before the
monitoring point (监测时间点前2周内无更新; ../shared/indicators §1.4 [C2]: 宝鸡 2020, 贵州 2025 通报).
An account silent for over 3 months is a 僵尸账号 to be shut down or merged (same sources). The 7-day
warning is the platform's own early notice. Pinned (置顶) posts never count: they stand out of order.
A failed collection is judged by ``account.collect_failed`` only — no posts ≠ stale then.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.newmedia import NewMediaContext, account_label, post_evidence
from govwatch.core.models import Finding

ID = "account.stale"


class Params(BaseModel):
    """``days`` veto window, ``warn_days`` warning window, ``zombie_days`` 僵尸账号 threshold — all days
    before the monitoring point within which a post must exist (a post exactly ``days`` days old counts)."""

    model_config = ConfigDict(extra="forbid")
    days: int = 14
    warn_days: int = 7
    zombie_days: int = 90


def days_since_latest(ctx: NewMediaContext) -> int | None:
    """Calendar days from the newest non-pinned post to the monitoring point; None when there is none."""
    latest = ctx.collect.latest
    return None if latest is None else (ctx.today - latest.published_at.date()).days


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """``account.stale`` when no post lies within ``days``; else ``account.stale_warning`` when none lies
    within ``warn_days``; nothing for a fresh account or a failed collection."""
    if not ctx.collect.ok:
        return
    days = days_since_latest(ctx)
    if days is not None and days <= params.warn_days:
        return
    veto = days is None or days > params.days
    window = params.days if veto else params.warn_days
    yield Finding(
        code="account.stale" if veto else "account.stale_warning", target=ctx.account.key,
        url=ctx.account.page_url, message=_message(ctx, days, window, veto),
        evidence=_evidence(ctx, days, window, params),
        fix=_fix(days, params, veto),
    )


def _message(ctx: NewMediaContext, days: int | None, window: int, veto: bool) -> str:
    label, today = account_label(ctx.account), ctx.today.isoformat()
    if days is None:
        what = f"截至监测时间点 {today} 未采集到任何已发布信息"
    else:
        latest = ctx.collect.latest
        assert latest is not None
        title = f"（{latest.title}）" if latest.title else ""
        what = f"最新信息发布于 {latest.published_at.date().isoformat()}{title}，至监测时间点 {today} 已 {days} 天未更新"
    tail = f"超过 {window} 天（单项否决：内容不更新）" if veto else f"超过 {window} 天，请在 {window * 2} 天期限前更新"
    return f"{label}{what}，{tail}。"


def _evidence(ctx: NewMediaContext, days: int | None, window: int, params: Params) -> dict[str, object]:
    latest, posts = ctx.collect.latest, ctx.collect.posts
    return {
        "today": ctx.today.isoformat(), "window_days": window, "days_since": days,
        "latest": post_evidence(latest) if latest else None, "posts_collected": len(posts),
        "pinned_excluded": sum(1 for p in posts if p.pinned), "source": ctx.collect.source,
        "zombie": days is None or days > params.zombie_days,
    }


def _fix(days: int | None, params: Params, veto: bool) -> str:
    if days is None or days > params.zombie_days:
        return (f"该账号超过 {params.zombie_days} 天无更新或从未发布，属于「僵尸」账号：请恢复正常更新，"
                "或按程序关停、整合并在政务新媒体信息报送系统中注销。")
    if veto:
        return f"请立即发布信息，确保 {params.days} 天内有更新（政务新媒体单项否决：内容不更新）。"
    return f"请及时发布信息，避免超过 {params.days} 天未更新触发单项否决。"
