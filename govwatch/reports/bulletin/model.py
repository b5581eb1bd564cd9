"""The bulletin model (通报): a pure, frozen tree of everything the docx, pdf and xlsx renderers show.

The services layer gathers the data (scores, findings, rectifications, new-media findings) and builds a
``Bulletin``; renderers only lay it out. Counts are plain integers; scores are points (0–100, None when
not scored); dates are Beijing calendar dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["Bulletin", "CountRow", "FailingSite", "MediaRow", "RankRow", "RectifyRow", "Summary", "TrendPoint",
           "bulletin_title", "points"]


def points(value: float | None) -> str:
    """A score as shown in tables: 93.5 → '93.5', 90.0 → '90', None → '不计分'."""
    if value is None:
        return "不计分"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bulletin_title(period_title: str, scope_label: str) -> str:
    """关于{period}{scope}政府网站和政务新媒体检查情况的通报 (scope 全市, 县级, 甲县人民政府 …)."""
    return f"关于{period_title}{scope_label}政府网站和政务新媒体检查情况的通报"


@dataclass(frozen=True)
class Summary:
    """总体情况: sites checked, 合格/不合格 and 单项否决 counts, ``pass_rate`` in percent (0–100), open
    problems of the period, accounts checked and accounts with problems."""

    sites: int
    passed: int
    failed: int
    vetoed: int
    pass_rate: float
    problems: int
    accounts: int
    accounts_with_problems: int
    account_problems: int


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking: ``rank`` within ``group`` (e.g. 县级门户网站), ``total`` None when not scored."""

    rank: int
    group: str
    site: str
    unit: str
    verdict: str
    total: float | None
    vetoes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FailingSite:
    """A vetoed or failing site with the reasons (veto titles, or the score below the pass mark)."""

    site: str
    unit: str
    home_url: str
    vetoed: bool
    total: float | None
    reasons: str


@dataclass(frozen=True)
class CountRow:
    """A name (indicator title or unit name) with a problem count; ``resolved`` of them resolved by now."""

    name: str
    count: int
    resolved: int = 0


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of the trend: ``label`` 2026Q3, ``title`` 2026年第三季度, sites scored, 合格 count,
    ``pass_rate`` percent (0–100), mean total of scored sites (None when none was scored)."""

    label: str
    title: str
    sites: int
    passed: int
    vetoed: int
    pass_rate: float
    mean_total: float | None


@dataclass(frozen=True)
class RectifyRow:
    """整改情况 of one unit: items in total, still open, done (closed/resolved), overdue (past deadline)."""

    unit: str
    total: int
    open: int
    done: int
    overdue: int


@dataclass(frozen=True)
class MediaRow:
    """A new-media account with problems in the period: account, platform (微信 …), unit, problem titles."""

    account: str
    platform: str
    unit: str
    problems: int
    titles: str


@dataclass(frozen=True)
class Bulletin:
    """One 通报. ``doc_number`` the 文号 line (e.g. 〔2026〕4号); ``scope_label`` 全市 / 县级 / a unit's name;
    ``ranking`` ordered by group then rank; ``rectify_basis`` says what the 整改 table counts (整改通知
    items, or open/resolved findings when no rectification records exist); ``next_steps`` paragraphs."""

    title: str
    issuer: str
    doc_number: str
    period_label: str
    period_title: str
    scope_label: str
    issued_on: date
    summary: Summary
    ranking: tuple[RankRow, ...]
    failing: tuple[FailingSite, ...]
    by_indicator: tuple[CountRow, ...]
    by_unit: tuple[CountRow, ...]
    trend: tuple[TrendPoint, ...]
    rectification: tuple[RectifyRow, ...]
    rectify_basis: str
    media: tuple[MediaRow, ...]
    next_steps: tuple[str, ...] = field(default=())
    generator: str = "govwatch"

    def overview(self) -> str:
        """The 总体情况 paragraph (Chinese, one sentence group)."""
        s = self.summary
        text = (f"{self.period_title}，对{self.scope_label}{s.sites}个政府网站开展了检查，合格{s.passed}个，"
                f"不合格{s.failed}个（其中单项否决{s.vetoed}个），合格率{s.pass_rate:.1f}%；"
                f"期内发现网站问题{s.problems}个。")
        if s.accounts:
            text += f"检查政务新媒体账号{s.accounts}个，其中{s.accounts_with_problems}个存在问题，共{s.account_problems}个。"
        return text

    def rectify_text(self) -> str:
        """The 整改情况 paragraph: totals over ``rectification``."""
        total = sum(r.total for r in self.rectification)
        done = sum(r.done for r in self.rectification)
        overdue = sum(r.overdue for r in self.rectification)
        if not total:
            return f"本期无需统计的整改事项（{self.rectify_basis}）。"
        return (f"本期共{total}项（{self.rectify_basis}），已完成{done}项，未完成{total - done}项，"
                f"其中逾期{overdue}项。")
