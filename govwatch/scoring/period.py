"""Scores per period (季度 by default, also month and year), availability over a period, and ranking.

Pure functions: the services read findings and probe counts from storage and call these. A period is a
half-open span of Beijing time [start, end): ``2026Q4`` is 2026-10-01 00:00 to 2027-01-01 00:00 +08:00.
A site's period score judges, with ``score_site`` and the rulebook, the findings open at some moment of
the period plus the 站点无法访问 veto computed from the period's homepage probes (国办秘函〔2019〕19号
单项否决: confirmed failures ≥ 5 % of the visits, national-2019.md §1.1 [C]). The counting rules and the
thresholds are those of ``govwatch.checks.availability`` (its ``grade``), applied to the whole period
instead of a rolling week: the national rule names a 1-week monitoring; a period score asks how the site
did over the quarter, so its ratio is taken over the quarter (a one-week outage inside a quarter can stay
under 5 % there while the weekly probe check vetoes it at the time).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from govwatch.checks.availability import Params, Tally, grade
from govwatch.core.clock import CHINA_TZ
from govwatch.core.errors import UsageError
from govwatch.core.models import Finding, SiteSpec
from govwatch.core.score import IndicatorResult, Score
from govwatch.rules.rulebook import Kind, Rulebook
from govwatch.scoring.engine import score_site

AVAILABILITY_CODE = "availability.veto"
"""The finding code of the 站点无法访问 veto indicator (rulebook ``veto.availability``)."""

PROBE_CHECK = "probe"
SUSPECTED = "suspected"
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER_ZH = "一二三四"


@dataclass(frozen=True)
class Period:
    """A scoring period: ``label`` ('2026Q4', '2026-11', '2026'), ``kind`` ('quarter' | 'month' |
    'year'), ``start`` inclusive and ``end`` exclusive, both aware datetimes in Beijing time."""

    label: str
    kind: str
    start: datetime
    end: datetime

    @property
    def title(self) -> str:
        """Chinese name: 2026年第四季度 / 2026年11月 / 2026年度."""
        year = self.start.year
        if self.kind == "quarter":
            return f"{year}年第{_QUARTER_ZH[(self.start.month - 1) // 3]}季度"
        return f"{year}年{self.start.month}月" if self.kind == "month" else f"{year}年度"

    def contains(self, moment: datetime) -> bool:
        """True when ``start <= moment < end``."""
        return self.start <= moment < self.end


def _month_start(year: int, month: int) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=CHINA_TZ)


def parse_period(text: str) -> Period:
    """'2026Q4' (quarter), '2026-11' (month) or '2026' (year) → Period. UsageError otherwise."""
    value = text.strip()
    if m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        return Period(f"{year}Q{q}", "quarter", _month_start(year, 3 * q - 2), _month_start(year, 3 * q + 1))
    if (m := _MONTH.match(value)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        return Period(f"{year}-{month:02d}", "month", _month_start(year, month), _month_start(year, month + 1))
    if m := _YEAR.match(value):
        year = int(m[1])
        return Period(str(year), "year", _month_start(year, 1), _month_start(year + 1, 1))
    raise UsageError(f"周期格式应为 2026Q4（季度）、2026-11（月）或 2026（年），收到：{text}")


def period_containing(moment: datetime, kind: str = "quarter") -> Period:
    """The quarter (or 'month' / 'year') that contains ``moment`` in Beijing time."""
    local = moment.astimezone(CHINA_TZ)
    labels = {"quarter": f"{local.year}Q{(local.month - 1) // 3 + 1}",
              "month": f"{local.year}-{local.month:02d}", "year": str(local.year)}
    if kind not in labels:
        raise UsageError(f"周期类型应为 quarter、month 或 year，收到：{kind}")
    return parse_period(labels[kind])


# ----------------------------------------------------------------------------------------- availability

@dataclass(frozen=True)
class PeriodAvailability:
    """站点无法访问 over a period, judged by ``govwatch.checks.availability.grade`` on the homepage
    ``tally`` (confirmed failures over counted samples; excused probes, unconfirmed failures and
    re-probes left out): ``verdict`` 'veto' (≥ 5 %, 累计占比超过(含)5%) / 'warning' (≥ 3 %) / 'ok' /
    'insufficient' (fewer probes than ``days`` × ``probes_per_day`` × ``min_coverage``); ``days`` the days
    of the period judged (up to the time of judgement)."""

    tally: Tally
    verdict: str
    sufficient: bool
    days: int
    params: Params

    @property
    def vetoed(self) -> bool:
        """True when the failure ratio reaches the veto."""
        return self.verdict == "veto"

    def as_json(self) -> dict[str, Any]:
        """JSON-ready summary for Score.detail."""
        t = self.tally
        return {"verdict": self.verdict, "sufficient": self.sufficient, "days": self.days,
                "probes_expected": self.days * self.params.probes_per_day, "probes_taken": t.taken,
                "probes_counted": t.counted, "failures": t.failures, "excused": t.excused,
                "unconfirmed": t.unconfirmed, "ratio": round(t.ratio, 6) if t.counted else None,
                "veto_ratio": self.params.ratio, "warn_ratio": self.params.warn_ratio}


def probe_params(rulebook: Rulebook) -> Params:
    """The availability thresholds of the rulebook's ``probe`` check (unknown keys ignored)."""
    raw = rulebook.params_for(PROBE_CHECK)
    return Params(**{k: v for k, v in raw.items() if k in Params.model_fields})


def elapsed_days(period: Period, as_of: datetime) -> int:
    """Whole days (rounded up, at least 1) of ``period`` up to ``as_of`` — the span probes could cover."""
    until = min(max(as_of, period.start), period.end)
    return max(1, math.ceil((until - period.start) / timedelta(days=1)))


def judge_period_availability(tally: Tally, period: Period, as_of: datetime, params: Params) -> PeriodAvailability:
    """Grade the homepage ``tally`` of ``period`` (up to ``as_of``) with the rulebook's thresholds, the
    sample required being the period's elapsed days × ``probes_per_day`` (× ``min_coverage``)."""
    days = elapsed_days(period, as_of)
    scoped = params.model_copy(update={"days": days})
    verdict, sufficient = grade(tally, scoped)
    return PeriodAvailability(tally, verdict, sufficient, days, scoped)


def availability_finding(site: SiteSpec, availability: PeriodAvailability, period: Period) -> Finding | None:
    """The ``availability.veto`` finding when the period's failure ratio reaches the veto, else None."""
    if not availability.vetoed:
        return None
    t = availability.tally
    excused = f"；报备维护期间的 {t.excused} 次探测未计入" if t.excused else ""
    return Finding(
        code=AVAILABILITY_CODE, target=site.home_url, url=site.home_url,
        message=(f"{period.title}首页有效探测 {t.counted} 次，确认失败 {t.failures} 次，失败率 "
                 f"{t.ratio:.2%}，达到 {availability.params.ratio:.0%} 的单项否决线{excused}"),
        evidence={"period": period.label, **availability.as_json()},
        fix="请排查服务器、网络与域名解析的稳定性，确保网站 7×24 小时可访问；计划停机请事先报备。",
    )


# ------------------------------------------------------------------------------------ period scores

@dataclass(frozen=True)
class StoredFinding:
    """A stored finding as the period score needs it: its database ``id``, the value ``finding`` and its
    ``certainty`` ('suspected' | 'confirmed' | '')."""

    id: int
    finding: Finding
    certainty: str = ""


@dataclass(frozen=True)
class PeriodScore:
    """A site's score for a period: the ``score`` (see core.score.Score), the titles of the failed veto
    indicators, and ``detail`` — JSON-ready indicator results with, for each lost point, the finding ids
    it came from (``findings: [{id, code, url, count, points}]``, points summing to the indicator's;
    ``more_ids`` the findings past the cap), plus ``unscored`` and ``suspected`` finding ids."""

    score: Score
    vetoes: tuple[str, ...]
    detail: dict[str, Any]


def allocate(raw: Sequence[Decimal], cap: Decimal) -> list[Decimal]:
    """Share a capped total among contributions in order: each gets what it asks while the cap lasts,
    so the shares sum exactly to ``min(sum(raw), cap)`` (扣完为止) and later ones may get 0."""
    left, out = max(cap, Decimal(0)), []
    for value in raw:
        share = min(max(value, Decimal(0)), left)
        out.append(share)
        left -= share
    return out


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value))


def _traced(result: IndicatorResult, points: float, ids: dict[int, int | None]) -> dict[str, Any]:
    """``findings``: the findings that cost (or gave) points, with their share — shares sum exactly to the
    indicator's capped points — or, for a veto, every finding; ``more_ids``: the ids of the rest (past
    the cap, or of an info indicator), kept short because dead links can run into thousands."""
    raw = [_dec(points) * max(f.count, 0) for f in result.findings]
    shares = allocate(raw, _dec(result.max_points))
    listed, more = [], []
    for f, share in zip(result.findings, shares, strict=True):
        if share > 0 or result.kind == Kind.VETO:
            listed.append({"id": ids.get(id(f)), "code": f.code, "url": f.url, "count": f.count,
                           "points": float(share)})
        else:
            more.append(ids.get(id(f)))
    return {"findings": listed, "more_ids": more}


def _indicator_json(result: IndicatorResult, rulebook: Rulebook, ids: dict[int, int | None]) -> dict[str, Any]:
    scored = result.kind in (Kind.DEDUCT, Kind.BONUS)
    points = rulebook.by_id(result.indicator_id).points if scored else 0.0
    return {"id": result.indicator_id, "title": result.title, "kind": result.kind, "group": result.group,
            "passed": result.passed, "points_lost": result.points_lost, "points_gained": result.points_gained,
            "max_points": result.max_points, "confirmed": result.confirmed, "evaluated": result.evaluated,
            **_traced(result, points, ids)}


def score_period(findings: Sequence[StoredFinding], availability: PeriodAvailability, rulebook: Rulebook,
                 site: SiteSpec, period: Period, as_of: datetime) -> PeriodScore:
    """Judge a site for ``period`` from the findings open during it and its availability.

    Suspected findings (疑似不可用: a dead link seen on one day only) are listed but not counted. When
    ``availability`` reaches the veto an ``availability.veto`` finding (id None) joins the findings.
    ``as_of`` is when the judgement was made (≤ period end for a running period).
    """
    counted = [s for s in findings if s.certainty != SUSPECTED]
    ids: dict[int, int | None] = {id(s.finding): s.id for s in counted}
    values = [s.finding for s in counted]
    extra = availability_finding(site, availability, period)
    if extra is not None:
        values.append(extra)
        ids[id(extra)] = None
    score = score_site(values, rulebook, site)
    vetoes = tuple(r.title for r in score.results if r.kind == Kind.VETO and not r.passed)
    detail = {
        "period": {"label": period.label, "title": period.title, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "as_of": as_of.isoformat()},
        "site_kind": site.kind, "scored": score.scored, "bonus_counted": score.bonus_counted,
        "reasons": list(score.reasons), "vetoes": list(vetoes), "availability": availability.as_json(),
        "indicators": [_indicator_json(r, rulebook, ids) for r in score.results],
        "unscored": [ids.get(id(f)) for f in score.unscored],
        "suspected": [s.id for s in findings if s.certainty == SUSPECTED],
    }
    return PeriodScore(score, vetoes, detail)


# ------------------------------------------------------------------------------------------ ranking

def competition_ranks(keys: Sequence[tuple[Any, ...]]) -> list[int]:
    """Standard competition ranks (1, 1, 3 …) for sort keys where smaller is better: a key's rank is 1 +
    the number of keys strictly better; equal keys share a rank."""
    ordered = sorted(keys)
    first: dict[tuple[Any, ...], int] = {}
    for index, key in enumerate(ordered):
        first.setdefault(key, index + 1)
    return [first[key] for key in keys]


def standing_key(vetoed: bool, total: float | None) -> tuple[int, float]:
    """Sort key of a period score within its ranking group: scored sites by total (higher first), then
    sites judged on the vetoes alone (total None), then every vetoed site, all tied (单项否决 → not scored)."""
    if vetoed:
        return (2, 0.0)
    if total is None:
        return (1, 0.0)
    return (0, -total)
