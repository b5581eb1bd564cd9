"""The bulletin's tables as (header, rows of text) — one definition shared by the docx, pdf and xlsx."""

from __future__ import annotations

from dataclasses import dataclass

from govwatch.reports.bulletin.model import Bulletin, points


@dataclass(frozen=True)
class TableData:
    """A table: Chinese ``header`` and ``rows`` (cells as text, or int for counts); ``numeric`` the
    indexes of right-aligned columns."""

    header: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    numeric: tuple[int, ...] = ()


def ranking(b: Bulletin) -> TableData:
    """排名: rank within group, group, site, unit, verdict, score (不计分 when not scored)."""
    return TableData(("排名", "类别", "网站名称", "主办单位", "结论", "得分"),
                     tuple((r.rank, r.group, r.site, r.unit, r.verdict, points(r.total)) for r in b.ranking), (0, 5))


def failing(b: Bulletin) -> TableData:
    """单项否决与不合格网站."""
    return TableData(("网站名称", "主办单位", "首页网址", "得分", "原因"),
                     tuple((f.site, f.unit, f.home_url, points(f.total), f.reasons) for f in b.failing), (3,))


def by_indicator(b: Bulletin) -> TableData:
    """问题分布（按指标）."""
    return TableData(("指标", "问题数", "已解决"), tuple((r.name, r.count, r.resolved) for r in b.by_indicator),
                     (1, 2))


def by_unit(b: Bulletin) -> TableData:
    """问题分布（按单位）."""
    return TableData(("主办单位", "问题数", "已解决"), tuple((r.name, r.count, r.resolved) for r in b.by_unit), (1, 2))


def rectification(b: Bulletin) -> TableData:
    """整改情况 per unit."""
    return TableData(("主办单位", "事项数", "已完成", "未完成", "逾期"),
                     tuple((r.unit, r.total, r.done, r.open, r.overdue) for r in b.rectification), (1, 2, 3, 4))


def media(b: Bulletin) -> TableData:
    """政务新媒体 accounts with problems."""
    return TableData(("账号", "平台", "主办单位", "问题数", "问题"),
                     tuple((m.account, m.platform, m.unit, m.problems, m.titles) for m in b.media), (3,))


def trend(b: Bulletin) -> TableData:
    """近四个季度 trend."""
    return TableData(("季度", "检查网站数", "合格数", "单项否决数", "合格率（%）", "平均得分"),
                     tuple((p.title, p.sites, p.passed, p.vetoed, f"{p.pass_rate:.1f}" if p.sites else "—",
                            points(p.mean_total) if p.mean_total is not None else "—") for p in b.trend),
                     (1, 2, 3, 4, 5))
