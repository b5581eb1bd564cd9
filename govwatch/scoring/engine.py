"""Findings + rulebook → verdict, deductions, bonus, total (国办秘函〔2019〕19号 指标说明, see
../shared/indicators/national-2019.md §1.0).

Arithmetic is done in ``Decimal`` so that 100 − 401 × 0.1 is exactly 59.9 (不合格) and 100 − 40 is
exactly 60 (合格); results are floats rounded to two decimals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from govwatch.core.models import Finding, SiteSpec
from govwatch.core.score import FAIL, PASS, UNDETERMINED, IndicatorResult, Score
from govwatch.rules.rulebook import Indicator, Kind, Rulebook

SERVICE_GROUP = "办事服务"
"""The 一级指标 skipped for departments without external service duties (指标说明)."""

SERVICE_GROUP_POINTS = Decimal(25)
"""办事服务 is worth 25 of the 100 deduction points: such departments are scored out of 75, then × 4/3
(指标说明 [C], national-2019.md §1.0)."""

CHECK_ERROR = "check.error"
HOMEPAGE_UNREACHABLE = "homepage.unreachable"
"""A scan whose homepage could not be read judges nothing: verdict 无法判定 (not 合格), nothing scored."""
_CENT = Decimal("0.01")


def score_site(findings: Sequence[Finding], rulebook: Rulebook, site: SiteSpec, *,
               service_duties: bool = True, checks_run: Collection[str] | None = None) -> Score:
    """Judge ``findings`` of ``site`` under ``rulebook``.

    Only indicators whose ``applies_to`` contains ``site.kind`` count. Any finding of a veto indicator
    → 不合格 and nothing else is scored (``total`` None; deductions still listed). When no deduct or
    bonus indicator applies to the site's kind (e.g. 部门网站 under the national rulebook) the site is
    judged on the veto list alone: ``scored`` False, ``total`` None. Else the deduction
    score is ``max_deduct`` minus each deduct indicator's ``min(Σ points × count, max_points)``
    (扣完为止), floored at 0; below ``pass_score`` → 不合格. Bonus (each indicator capped, then the sum
    capped at ``max_bonus``) counts only when the deduction score is above ``bonus_threshold``.
    ``info`` indicators never score. ``service_duties=False`` (a department with no external service
    duties) drops the 办事服务 group and scales the score out of 75 by 4/3. Findings matching no
    applicable indicator are returned in ``Score.unscored``. ``checks_run`` names the checks that took
    part in this evaluation (None = all): an indicator whose check did not run (the availability veto
    needs 7 days of probes, which one scan does not have) is marked ``ran=False`` and shown as not
    checked instead of passed. Never raises for odd findings.
    """
    indicators = _applicable(rulebook, site, service_duties)
    if any(f.code == HOMEPAGE_UNREACHABLE for f in findings):
        return _undetermined(findings, rulebook, site, indicators, service_duties)
    errored = _errored_checks(findings)
    results = tuple(_result(ind, _counted_by(ind, findings), errored, checks_run) for ind in indicators)
    codes = {code for ind in indicators for code in ind.codes}
    unscored = tuple(f for f in findings if f.code not in codes)

    vetoes = [r for r in results if r.kind == Kind.VETO and not r.passed]
    lost = sum((_dec(r.points_lost) for r in results if r.kind == Kind.DEDUCT), Decimal(0))
    deduction = _deduction_score(rulebook, lost, service_duties)
    earned = sum((_dec(r.points_gained) for r in results if r.kind == Kind.BONUS), Decimal(0))
    # Parts 2 and 3 score 门户网站 only in the national reading: a kind with no deduct/bonus indicator
    # is judged on the veto list alone (指标说明; national-2019.md §1.0).
    scored = not vetoes and any(ind.kind in (Kind.DEDUCT, Kind.BONUS) for ind in indicators)
    bonus_counted = scored and deduction > _dec(rulebook.bonus_threshold)
    bonus = min(earned, _dec(rulebook.max_bonus)) if bonus_counted else Decimal(0)
    total = deduction + bonus if scored else None

    reasons = _reasons(vetoes, total, rulebook)
    return Score(
        verdict=FAIL if reasons else PASS, vetoed=bool(vetoes), deduction_score=_float(deduction),
        bonus=_float(bonus), total=None if total is None else _float(total), results=results,
        unscored=unscored, rulebook_id=rulebook.id, rulebook_version=rulebook.version,
        reasons=reasons, scored=scored, bonus_counted=bonus_counted,
        pass_score=rulebook.pass_score, bonus_threshold=rulebook.bonus_threshold,
        site_kind=site.kind, service_duties=service_duties,
    )


def _undetermined(findings: Sequence[Finding], rulebook: Rulebook, site: SiteSpec,
                  indicators: list[Indicator], service_duties: bool) -> Score:
    """The homepage could not be read: every indicator but the info ones is 'not evaluated', the verdict
    is 无法判定 and nothing is scored — a site nobody could open is never called 合格."""
    results = tuple(replace(_result(ind, _counted_by(ind, findings), set(), None),
                            evaluated=ind.kind == Kind.INFO) for ind in indicators)
    unreachable = next(f for f in findings if f.code == HOMEPAGE_UNREACHABLE)
    reason = (f"{unreachable.message.rstrip('。')}，本次监测无法评估各项指标，结论为「无法判定」；"
              "请确认网址正确、网站可以访问后重新监测（可用性以常态化探测为准）")
    codes = {code for ind in indicators for code in ind.codes}
    return Score(
        verdict=UNDETERMINED, vetoed=False, deduction_score=_float(_dec(rulebook.max_deduct)), bonus=0.0,
        total=None, results=results, unscored=tuple(f for f in findings if f.code not in codes),
        rulebook_id=rulebook.id, rulebook_version=rulebook.version, reasons=(reason,), scored=False,
        bonus_counted=False, pass_score=rulebook.pass_score, bonus_threshold=rulebook.bonus_threshold,
        site_kind=site.kind, service_duties=service_duties,
    )


def _applicable(rulebook: Rulebook, site: SiteSpec, service_duties: bool) -> list[Indicator]:
    out = [ind for ind in rulebook.indicators if site.kind in ind.applies_to]
    if not service_duties:
        out = [ind for ind in out if ind.group != SERVICE_GROUP]
    return out


def _counted_by(indicator: Indicator, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.code in indicator.codes)


def _errored_checks(findings: Iterable[Finding]) -> set[str]:
    """Check ids named by ``check.error`` findings (the runner puts the id in ``evidence['check']``)."""
    return {str(f.evidence.get("check", "")) for f in findings if f.code == CHECK_ERROR}


def _points(indicator: Indicator, findings: tuple[Finding, ...]) -> Decimal:
    """Σ points × count, capped at the indicator's max points (扣完为止)."""
    raw = sum((_dec(indicator.points) * max(f.count, 0) for f in findings), Decimal(0))
    return min(raw, _dec(indicator.max_points))


def _result(indicator: Indicator, findings: tuple[Finding, ...], errored: set[str],
            checks_run: Collection[str] | None) -> IndicatorResult:
    points = _points(indicator, findings)
    return IndicatorResult(
        indicator_id=indicator.id, title=indicator.title, kind=indicator.kind.value, group=indicator.group,
        passed=indicator.kind == Kind.BONUS or not findings,
        points_lost=_float(points) if indicator.kind == Kind.DEDUCT else 0.0,
        points_gained=_float(points) if indicator.kind == Kind.BONUS else 0.0,
        findings=findings, confirmed=indicator.confirmed, source=indicator.source,
        max_points=float(indicator.max_points), evaluated=indicator.check not in errored, fix=indicator.fix,
        ran=checks_run is None or indicator.check in checks_run,
    )


def _deduction_score(rulebook: Rulebook, lost: Decimal, service_duties: bool) -> Decimal:
    full = _dec(rulebook.max_deduct)
    if service_duties:
        return max(full - lost, Decimal(0))
    base = full - SERVICE_GROUP_POINTS
    return max(base - lost, Decimal(0)) * full / base


def _reasons(vetoes: list[IndicatorResult], total: Decimal | None, rulebook: Rulebook) -> tuple[str, ...]:
    """Chinese sentences saying why the site is 不合格; empty when it passes."""
    reasons = [f"单项否决指标「{r.title}」发现问题 {sum(max(f.count, 0) for f in r.findings)} 处，"
               "依规判定为不合格，其他指标不再计分" for r in vetoes]
    if total is not None and total < _dec(rulebook.pass_score):
        reasons.append(f"总分 {_fmt(total)} 分，低于合格线 {_fmt(_dec(rulebook.pass_score))} 分")
    return tuple(reasons)


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value))


def _float(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _fmt(value: Decimal) -> str:
    return f"{_float(value):g}"
