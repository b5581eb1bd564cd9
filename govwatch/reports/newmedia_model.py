"""The monthly/quarterly new-media monitoring report (政务新媒体监测报告) as a pure model.

Built from plain facts the services read from storage (:class:`AccountFacts` per account,
:class:`ProblemFacts` per finding open at some moment of the period) and a scoring :class:`Period`.
An account's verdict for the period: 不合格 when a finding of a veto indicator (单项否决: 内容不更新,
互动回应差 …) was open in it; else 未监测 when no collection ran in the period; else 未判定 when no
collection succeeded (a failure never passes an account); else 合格.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from govwatch.core.clock import CHINA_TZ
from govwatch.reports.evidence import EvidenceItem, readable_evidence
from govwatch.reports.labels import code_label
from govwatch.rules.rulebook import Kind, Rulebook
from govwatch.scoring.period import Period

PLATFORM_LABELS = {"wechat": "微信公众号", "weibo": "微博", "douyin": "抖音", "app": "政务APP", "other": "其他"}
PASS, FAIL, UNJUDGED, UNMONITORED = "合格", "不合格", "未判定", "未监测"


@dataclass(frozen=True)
class AccountFacts:
    """One account as the report needs it: ``latest_post`` newest non-pinned post before the period's
    end (aware, None if none); ``posts_in_period`` posts published in the period; ``runs`` and
    ``ok_runs`` collections in the period (all / successful); ``last_error`` the latest failure reason."""

    id: int
    name: str
    platform: str
    unit: str
    level: str
    latest_post: datetime | None
    posts_in_period: int
    runs: int
    ok_runs: int
    last_error: str = ""


@dataclass(frozen=True)
class ProblemFacts:
    """One stored account finding open at some moment of the period (times aware)."""

    account_id: int
    code: str
    message: str
    url: str
    evidence: Mapping[str, Any]
    fix: str
    first_seen: datetime
    last_seen: datetime
    resolved: bool


@dataclass(frozen=True)
class AccountRow:
    """A row of the per-account table (texts ready to print)."""

    name: str
    platform: str
    unit: str
    level: str
    latest_post: str
    posts_in_period: int
    verdict: str
    problems: int
    note: str


@dataclass(frozen=True)
class ReportProblem:
    """A problem with its evidence: ``title`` the indicator, ``veto`` True for a 单项否决 indicator."""

    account: str
    platform: str
    unit: str
    title: str
    veto: bool
    message: str
    url: str
    evidence: tuple[EvidenceItem, ...]
    fix: str
    first_seen: str
    last_seen: str
    status: str


@dataclass(frozen=True)
class Suggestion:
    """整改建议 for one indicator: the accounts concerned and what to do."""

    title: str
    accounts: tuple[str, ...]
    fix: str


@dataclass(frozen=True)
class NewMediaReport:
    """The whole report; ``counts`` verdict → number of accounts."""

    title: str
    period: Period
    generated_at: datetime
    rows: tuple[AccountRow, ...]
    problems: tuple[ReportProblem, ...]
    suggestions: tuple[Suggestion, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def period_text(self) -> str:
        """``2026-11-01 至 2026-11-30``."""
        last = (self.period.end - timedelta(days=1)).astimezone(CHINA_TZ).date()
        return f"{self.period.start.date().isoformat()} 至 {last.isoformat()}"


def _day(moment: datetime | None) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if moment else "无"


def _veto(code: str, rulebook: Rulebook) -> bool:
    return any(ind.kind == Kind.VETO for ind in rulebook.for_code(code))


def _verdict(account: AccountFacts, problems: Sequence[ProblemFacts], rulebook: Rulebook) -> str:
    if any(_veto(p.code, rulebook) for p in problems):
        return FAIL
    if account.runs == 0:
        return UNMONITORED
    return PASS if account.ok_runs else UNJUDGED


def _problem(account: AccountFacts, p: ProblemFacts, rulebook: Rulebook) -> ReportProblem:
    return ReportProblem(
        account=account.name, platform=PLATFORM_LABELS.get(account.platform, account.platform), unit=account.unit,
        title=code_label(p.code, rulebook), veto=_veto(p.code, rulebook), message=p.message, url=p.url,
        evidence=readable_evidence(p.evidence, p.url), fix=p.fix, first_seen=_day(p.first_seen),
        last_seen=_day(p.last_seen), status="已整改" if p.resolved else "未整改")


def _suggestions(problems: Sequence[ReportProblem], rulebook_fix: Mapping[str, str]) -> tuple[Suggestion, ...]:
    by_title: dict[str, list[ReportProblem]] = {}
    for p in problems:
        by_title.setdefault(p.title, []).append(p)
    out = []
    for title, group in sorted(by_title.items(), key=lambda kv: (not kv[1][0].veto, kv[0])):
        names = tuple(dict.fromkeys(p.account for p in group))
        out.append(Suggestion(title, names, rulebook_fix.get(title) or group[0].fix))
    return tuple(out)


def build_newmedia_report(period: Period, accounts: Sequence[AccountFacts], problems: Sequence[ProblemFacts],
                          rulebook: Rulebook, generated_at: datetime) -> NewMediaReport:
    """The report of ``period`` over ``accounts`` (table order: 不合格 first, then by name) and the
    ``problems`` (veto problems first). Pure."""
    by_account: dict[int, list[ProblemFacts]] = {}
    for p in problems:
        by_account.setdefault(p.account_id, []).append(p)
    rows, report_problems = [], []
    order = {FAIL: 0, UNJUDGED: 1, UNMONITORED: 2, PASS: 3}
    for account in accounts:
        mine = by_account.get(account.id, [])
        verdict = _verdict(account, mine, rulebook)
        note = account.last_error if verdict in (UNJUDGED, UNMONITORED) else ""
        rows.append(AccountRow(account.name, PLATFORM_LABELS.get(account.platform, account.platform), account.unit,
                               account.level, _day(account.latest_post), account.posts_in_period, verdict,
                               len(mine), note))
        report_problems += [_problem(account, p, rulebook) for p in mine]
    rows.sort(key=lambda r: (order[r.verdict], r.name))
    report_problems.sort(key=lambda p: (not p.veto, p.account, p.title))
    counts = {v: sum(r.verdict == v for r in rows) for v in (PASS, FAIL, UNJUDGED, UNMONITORED)}
    fixes = {code_label(code, rulebook): ind.fix for ind in rulebook.indicators for code in ind.codes
             if "new_media" in ind.applies_to and ind.fix}
    return NewMediaReport(f"{period.title}政务新媒体监测报告", period, generated_at, tuple(rows),
                          tuple(report_problems), _suggestions(report_problems, fixes), counts)
