"""Check ``column.veto`` — the three counts of the 单项否决「栏目不更新」.

Source: 国办秘函〔2019〕19号 单项否决「栏目不更新」, any one of:
(1) 动态、要闻类栏目 2 周内未更新, 加上 通知公告、政策文件类 一级栏目 6 个月内未更新, 合计 ≥ 5 个
    → ``column.veto_stale``;
(2) 应更新但长期未更新的栏目 ≥ 10 个 (every type with an update window) → ``column.veto_unupdated``;
(3) 空白栏目 ≥ 5 个 → ``column.veto_blank``.
一级栏目 = linked from the homepage or declared in the registry (``SiteFacts.top_level``). A blank column
counts only under (3); unfetched columns count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.checks.column_stale import DEFAULT_WINDOWS, is_stale, window_for
from govwatch.core.models import Column, ColumnType, Finding

ID = "column.veto"


class Params(BaseModel):
    """Windows (days) and thresholds (column counts) of the three veto counts."""

    model_config = ConfigDict(extra="forbid")
    news_days: int = 14
    notice_policy_days: int = 180
    stale_threshold: int = 5
    windows: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_WINDOWS))
    unupdated_threshold: int = 10
    blank_threshold: int = 5


def _listed(columns: Sequence[Column], ctx: ScanContext) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for c in columns:
        latest = c.latest
        out.append({"column": c.name, "type": c.type.value, "url": c.url,
                    "latest_date": latest.isoformat() if latest else None,
                    "days_since": (ctx.today - latest).days if latest else None})
    return out


def count_stale(ctx: ScanContext, params: Params) -> list[Column]:
    """Count (1): news columns stale over ``news_days`` + top-level notice/policy over ``notice_policy_days``."""
    news = [c for c in ctx.facts.columns if c.type is ColumnType.NEWS and is_stale(c, params.news_days, ctx.today)]
    top = [c for c in ctx.facts.columns
           if c.type in (ColumnType.NOTICE, ColumnType.POLICY) and c.url in ctx.facts.top_level
           and is_stale(c, params.notice_policy_days, ctx.today)]
    return news + top


def count_unupdated(ctx: ScanContext, params: Params) -> list[Column]:
    """Count (2): columns of any type with a window that are stale over it."""
    return [c for c in ctx.facts.columns if is_stale(c, window_for(c, ctx.site, params.windows), ctx.today)]


def count_blank(ctx: ScanContext) -> list[Column]:
    """Count (3): fetched blank columns."""
    return [c for c in ctx.facts.columns if c.fetched and c.blank]


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per count that reaches its threshold."""
    stale = count_stale(ctx, params)
    if len(stale) >= params.stale_threshold:
        yield _finding(ctx, "column.veto_stale", stale, params.stale_threshold,
                       f"动态要闻类栏目 {params.news_days} 天未更新与通知公告、政策文件类一级栏目 "
                       f"{params.notice_policy_days} 天未更新的合计 {len(stale)} 个")
    unupdated = count_unupdated(ctx, params)
    if len(unupdated) >= params.unupdated_threshold:
        yield _finding(ctx, "column.veto_unupdated", unupdated, params.unupdated_threshold,
                       f"应更新但长期未更新的栏目 {len(unupdated)} 个")
    blank = count_blank(ctx)
    if len(blank) >= params.blank_threshold:
        yield _finding(ctx, "column.veto_blank", blank, params.blank_threshold, f"空白栏目 {len(blank)} 个")


def _finding(ctx: ScanContext, code: str, columns: list[Column], threshold: int, what: str) -> Finding:
    names = "、".join(c.name for c in columns[:10]) + ("等" if len(columns) > 10 else "")
    return Finding(
        code=code, target=ctx.site.home_url, url=ctx.facts.home_url,
        message=f"{what}（{names}），达到单项否决标准（≥{threshold} 个），网站判为不合格。",
        evidence={"count": len(columns), "threshold": threshold, "today": ctx.today.isoformat(),
                  "columns": _listed(columns, ctx)},
        fix="请逐一更新所列栏目并标注发布日期；确无信息可发布的栏目应整合或关停（国办秘函〔2019〕19号 单项否决：栏目不更新）。",
    )
