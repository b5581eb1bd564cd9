"""Check ``homepage.stale`` — 首页不更新 (单项否决), and ``homepage.unreachable`` when it cannot be judged.

Source: 国办秘函〔2019〕19号 单项否决「首页不更新」: no new item on the homepage for 2 weeks; 2015 普查
(国办发〔2015〕15号): 未注明信息发布时间的视为不更新 — undated items count as not updated. Reading (ours,
unconfirmed): a homepage that prints no dates but links to article pages that carry their publication date
is judged by those dates (extract.linked_article_items) — an evaluator opening the headlines sees them;
only a homepage with no date anywhere, on it or on what it links to, counts as not updated.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import FETCH_ERROR_LABELS, DatedItem, Finding

ID = "homepage.stale"


class Params(BaseModel):
    """``days``: the homepage must show an item dated within this many days before the monitoring point."""

    model_config = ConfigDict(extra="forbid")
    days: int = 14


def newest(items: Iterable[DatedItem]) -> DatedItem | None:
    """The dated item with the latest date (first in document order on ties), None if none is dated."""
    best: DatedItem | None = None
    for item in items:
        if item.published is not None and (best is None or best.published is None or item.published > best.published):
            best = item
    return best


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``homepage.unreachable`` finding when the homepage was not fetched, else one ``homepage.stale``
    finding when no homepage item is dated within ``params.days`` days, else nothing."""
    home = ctx.crawl.home
    if home is None or not home.fetch.ok:
        yield _unreachable(ctx)
        return
    top = newest(ctx.facts.home_items)
    if top is not None and top.published is not None and (ctx.today - top.published).days <= params.days:
        return
    evidence: dict[str, object] = {
        "today": ctx.today.isoformat(), "window_days": params.days, "dated_items": len(ctx.facts.home_items),
    }
    if top is None or top.published is None:
        message = f"首页未发现任何标注发布日期的信息，按规定视为 {params.days} 天内未更新。"
    else:
        days = (ctx.today - top.published).days
        evidence.update(newest_date=top.published.isoformat(), newest_title=top.title, newest_url=top.url,
                        days_since=days, dated_by=top.dated_by)
        via = "（首页未标注日期，按所链接文章页的发布日期）" if top.dated_by == "article" else ""
        message = (f"首页最新信息发布于 {top.published.isoformat()}（{top.title}）{via}，"
                   f"已 {days} 天未更新，超过 {params.days} 天。")
    yield Finding(
        code="homepage.stale", target=ctx.site.home_url, url=ctx.facts.home_url, message=message,
        evidence=evidence,
        fix=f"请在首页及时发布信息并标注发布日期，确保首页 {params.days} 天内有新内容（国办秘函〔2019〕19号 单项否决：首页不更新）。",
    )


def _unreachable(ctx: ScanContext) -> Finding:
    home = ctx.crawl.home
    fetch = home.fetch if home is not None else None
    evidence: dict[str, object] = {"url": ctx.site.home_url}
    if fetch is not None:
        evidence.update(status=fetch.status, error=fetch.error.value if fetch.error else None,
                        error_detail=fetch.error_detail, seconds=round(fetch.seconds, 3),
                        fetched_at=fetch.fetched_at.isoformat(), final_url=fetch.final_url)
    reason = _reason(evidence)
    return Finding(
        code="homepage.unreachable", target=ctx.site.home_url, url=ctx.site.home_url,
        message=f"本次监测时首页无法打开（{reason}），首页是否更新无法判断。",
        evidence=evidence,
        fix="请检查网站服务器、域名解析和网络防护设置，确保首页可正常访问；站点可用性以连续 7 天的探测结果为准。",
    )


def _reason(evidence: dict[str, object]) -> str:
    if evidence.get("error"):
        return FETCH_ERROR_LABELS.get(str(evidence["error"]), str(evidence["error"]))
    if evidence.get("status") is not None:
        return f"HTTP 状态码 {evidence['status']}"
    return "未获取到首页"
