"""Use cases: scores per period for the whole fleet, the fleet ranking, and the yearly 绩效评估.

``compute_period_scores`` judges every active site for a period (quarter by default) from the findings
open during it and its homepage probes, with the rulebook (国办秘函〔2019〕19号), and stores one Score row
per site and period (re-running updates them). ``fleet_ranking`` ranks the stored scores within each
level (市/县/乡镇) and kind (门户/部门). ``evaluate_year`` applies a 绩效评估 scheme to the year's findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from govwatch.checks.availability import HOME, Tally
from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.core.score import PASS
from govwatch.rules.evaluation import load_scheme
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.scoring.evaluation import Evaluation, evaluate
from govwatch.scoring.period import (
    Period,
    PeriodScore,
    competition_ranks,
    judge_period_availability,
    parse_period,
    period_containing,
    probe_params,
    score_period,
    standing_key,
)
from govwatch.storage import score_queries as q

__all__ = ["CHINA_TZ", "ComputeSummary", "RankingRow", "YearEvaluation", "compute_period_scores",
           "evaluate_year", "fleet_ranking", "group_title", "resolve_period"]

LEVEL_ORDER = ("市", "县", "乡镇", "")
KIND_ORDER = ("portal", "department")
KIND_NAMES = {"portal": "门户网站", "department": "部门网站"}
LEVEL_NAMES = {"市": "市级", "县": "县级", "乡镇": "乡镇级", "": "未定级"}


def group_title(level: str, kind: str) -> str:
    """Chinese name of a ranking group: 县级门户网站, 市级部门网站 …"""
    return f"{LEVEL_NAMES.get(level, level)}{KIND_NAMES.get(kind, kind)}"


EARLIEST_YEAR = 2015
"""Periods start no earlier than 2015: the national checklist (国办发〔2015〕15号 普查) is the era of the
rules; scoring 1900 would only pollute the score history."""


def resolve_period(period: str | Period | None, now: datetime) -> tuple[Period, datetime]:
    """(period, as_of): the given period (default: the quarter containing ``now``) and the moment it is
    judged at (``now``, or the period's end once it is over). UsageError (Chinese, naming the allowed
    range) if the period starts before ``EARLIEST_YEAR`` or has not begun at ``now``."""
    chosen = period_containing(now) if period is None else (
        period if isinstance(period, Period) else parse_period(period))
    if chosen.start.year < EARLIEST_YEAR or now < chosen.start:
        current = period_containing(now)
        why = "尚未开始" if now < chosen.start else f"早于 {EARLIEST_YEAR} 年"
        raise UsageError(f"{chosen.title}（{chosen.label}）{why}，无法计算：周期应在 {EARLIEST_YEAR} 年第一季度（{EARLIEST_YEAR}Q1）"
                         f"至本期（{current.title}，{current.label}）之间")
    return chosen, min(now, chosen.end)


@dataclass(frozen=True)
class ComputeSummary:
    """What ``compute_period_scores`` did: the ``period``, the moment judged at (``as_of``), sites scored,
    how many 合格 / 不合格 and vetoed, and the rulebook id + version used."""

    period: Period
    as_of: datetime
    sites: int
    passed: int
    failed: int
    vetoed: int
    rulebook: str


def _ranks(keys: Sequence[tuple[str, str, tuple[int, float]]]) -> list[int]:
    """Competition ranks within each (level, kind) group, in input order."""
    out = [0] * len(keys)
    groups: dict[tuple[str, str], list[int]] = {}
    for index, (level, kind, _) in enumerate(keys):
        groups.setdefault((level, kind), []).append(index)
    for members in groups.values():
        for index, rank in zip(members, competition_ranks([keys[i][2] for i in members]), strict=True):
            out[index] = rank
    return out


def compute_period_scores(period: str | Period | None = None, now: datetime | None = None,
                          rulebook: Rulebook | None = None) -> ComputeSummary:
    """Score every active site for ``period`` ('2026Q4', '2026-11', '2026'; default the current quarter)
    as of ``now`` (default: the current time; a finished period is judged at its end) and store the
    Score rows with their rank within level and kind. Idempotent: re-running updates the rows.

    Suspected dead links are listed in the detail but not counted. Raises UsageError for a bad or future
    period.
    """
    book = rulebook or default_rulebook()
    chosen, as_of = resolve_period(period, now or utcnow())
    sites = q.active_sites()
    findings = q.findings_open_during(chosen.start, as_of)
    tallies = q.home_probe_tallies(chosen.start, as_of)
    params = probe_params(book)
    scored: list[tuple[int, PeriodScore]] = []
    for site in sites:
        tally = tallies.get(site.id, Tally(site.home_url, HOME, 0, 0, 0, 0, 0, ()))
        availability = judge_period_availability(tally, chosen, as_of, params)
        scored.append((site.id, score_period(findings.get(site.id, []), availability, book, q.site_spec(site),
                                             chosen, as_of)))
    ranks = _ranks([(s.level, s.kind, standing_key(ps.score.vetoed, ps.score.total))
                    for s, (_, ps) in zip(sites, scored, strict=True)])
    q.save_period_scores(chosen.label, [(sid, ps, rank) for (sid, ps), rank in zip(scored, ranks, strict=True)])
    passed = sum(ps.score.verdict == PASS for _, ps in scored)
    return ComputeSummary(chosen, as_of, len(scored), passed, len(scored) - passed,
                          sum(ps.score.vetoed for _, ps in scored), f"{book.id} {book.version}")


@dataclass(frozen=True)
class RankingRow:
    """One line of the fleet ranking: ``rank`` within ``group`` (level + kind; vetoed sites after all
    others, ties share a rank), the site, its unit, verdict, ``total`` (None when not scored) and the
    titles of its failed veto indicators."""

    rank: int
    group: str
    site: str
    home_url: str
    unit: str
    level: str
    kind: str
    verdict: str
    total: float | None
    vetoes: tuple[str, ...]


def fleet_ranking(period: str | Period, level: str | None = None, kind: str | None = None) -> list[RankingRow]:
    """The stored scores of ``period`` ranked within each level and kind, optionally only one level
    (市/县/乡镇) and/or kind (portal/department); ordered by level, kind, rank, name. Empty when the
    period has not been computed."""
    label = period.label if isinstance(period, Period) else parse_period(period).label
    rows = q.period_scores(label, level, kind)
    ranks = _ranks([(r.level, r.kind, standing_key(r.vetoed, r.total)) for r in rows])
    out = [RankingRow(rank, group_title(r.level, r.kind), r.site, r.home_url, r.unit, r.level, r.kind,
                      r.verdict, r.total, r.vetoes) for r, rank in zip(rows, ranks, strict=True)]

    def order(row: RankingRow) -> tuple[int, int, int, str]:
        lv = LEVEL_ORDER.index(row.level) if row.level in LEVEL_ORDER else len(LEVEL_ORDER)
        kd = KIND_ORDER.index(row.kind) if row.kind in KIND_ORDER else len(KIND_ORDER)
        return (lv, kd, row.rank, row.site)

    return sorted(out, key=order)


@dataclass(frozen=True)
class YearEvaluation:
    """A 绩效评估 as of a moment: ``complete`` False while the year is still running."""

    evaluation: Evaluation
    period: Period
    as_of: datetime
    complete: bool


def evaluate_year(year: int, now: datetime | None = None, scheme_path: Path | str | None = None,
                  rulebook: Rulebook | None = None) -> YearEvaluation:
    """Evaluate the year's findings (open at some moment of the year, suspected ones left out) under the
    scheme (default: the bundled evaluation-2026.yaml), ranking units or sites within the scheme's groups.

    Raises UsageError when the year has not begun or the scheme is for another year, SchemeError
    (a GovwatchError) when the scheme does not validate.
    """
    book = rulebook or default_rulebook()
    scheme = load_scheme(scheme_path, book) if scheme_path else load_scheme(rulebook=book)
    if scheme.year != year:
        raise UsageError(f"绩效评估方案 {scheme.id} 适用于 {scheme.year} 年，不适用于 {year} 年；请用 --scheme 指定方案文件")
    period, as_of = resolve_period(str(year), now or utcnow())
    subjects = q.evaluation_subjects(scheme.subject)
    findings = q.evidence_findings(period.start, as_of, scheme.subject)
    return YearEvaluation(evaluate(scheme, book, subjects, findings), period, as_of, as_of >= period.end)
