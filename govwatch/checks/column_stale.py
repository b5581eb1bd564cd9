"""Check ``column.stale`` — a column not updated within its type's window (栏目不更新).

Windows (days) from the 2015 普查 基本信息 rules, kept by 国办秘函〔2019〕19号: 动态/要闻 14, 通知公告/
政策文件 180, 人事/规划计划 365; other types are not judged unless a registry declares a column's window.
Undated items count as not updated (2015: 未注明信息发布时间的视为不更新). Blank columns are left to
``column.blank`` and unfetched ones are not judged, so a column is never counted twice (19号 指标说明).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Column, ColumnType, Finding, SiteSpec
from govwatch.extract.html import url_key

ID = "column.stale"

DEFAULT_WINDOWS = {"news": 14, "notice": 180, "policy": 180, "personnel": 365, "plan": 365}
TYPE_NAMES = {
    "news": "动态要闻", "notice": "通知公告", "policy": "政策文件", "interpretation": "政策解读",
    "personnel": "人事信息", "plan": "规划计划", "statistics": "统计数据", "overview": "概况信息",
    "interaction": "互动交流", "service": "办事服务", "other": "其他",
}


class Params(BaseModel):
    """``windows``: update window in days per column type (ColumnType value → days)."""

    model_config = ConfigDict(extra="forbid")
    windows: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_WINDOWS))


def window_for(column: Column, site: SiteSpec, windows: Mapping[str, int]) -> int | None:
    """The column's window in days: a declared ``window_days`` first, else its type's; None = not judged."""
    key = url_key(column.url)
    for spec in site.columns:
        if spec.window_days is not None and url_key(spec.url) == key:
            return spec.window_days
    return windows.get(ColumnType(column.type).value)


def is_stale(column: Column, window: int | None, today: date) -> bool:
    """True when a fetched, non-blank column with a window has no item dated within ``window`` days."""
    if window is None or not column.fetched or column.blank:
        return False
    latest = column.latest
    return latest is None or (today - latest).days > window


def stale_evidence(column: Column, window: int, today: date) -> dict[str, object]:
    """JSON evidence of a stale column: name, type, url, latest date/title, window, days since, items."""
    latest = column.latest
    newest = next((i for i in column.items if i.published == latest), None) if latest else None
    return {
        "column": column.name, "type": column.type.value, "type_name": TYPE_NAMES.get(column.type.value, ""),
        "url": column.url, "source": column.source, "latest_date": latest.isoformat() if latest else None,
        "latest_title": newest.title if newest else None, "window_days": window,
        "days_since": (today - latest).days if latest else None, "items": len(column.items),
        "dated_items": sum(1 for i in column.items if i.published), "today": today.isoformat(),
    }


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``column.stale`` finding per stale column (see :func:`is_stale`)."""
    for column in ctx.facts.columns:
        window = window_for(column, ctx.site, params.windows)
        if window is None or not is_stale(column, window, ctx.today):
            continue
        latest = column.latest
        kind = TYPE_NAMES.get(column.type.value, column.type.value)
        if latest is None:
            what = "栏目中没有标注发布日期的信息，按规定视为未更新"
        else:
            what = f"最新信息发布于 {latest.isoformat()}，已 {(ctx.today - latest).days} 天未更新"
        yield Finding(
            code="column.stale", target=ctx.site.home_url, url=column.url,
            message=f"栏目「{column.name}」（{kind}类，更新周期 {window} 天）{what}。",
            evidence=stale_evidence(column, window, ctx.today),
            fix=f"请按{kind}类栏目 {window} 天的更新要求及时发布信息并标注发布日期；确无信息可发的栏目应整合或关停。",
        )
