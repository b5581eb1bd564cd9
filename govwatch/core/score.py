"""Score value types: the outcome of judging one site's findings against a rulebook (指标体系).

Produced by ``govwatch.scoring.score_site``; read by reports and storage. Points are floats rounded to
two decimals; ``None`` marks a value that was not computed (e.g. the total of a vetoed site).
"""

from __future__ import annotations

from dataclasses import dataclass

from govwatch.core.models import Finding

PASS = "合格"
FAIL = "不合格"
UNDETERMINED = "无法判定"  # the homepage could not be read: no indicator can be judged from this scan


@dataclass(frozen=True)
class IndicatorResult:
    """How one 检查指标 came out for one site.

    ``kind`` is the rulebook kind ('veto' | 'deduct' | 'bonus' | 'info'); ``group`` the 一级指标;
    ``passed`` is True when the indicator found no problem (always True for bonus indicators);
    ``points_lost`` the deduction after the per-indicator cap (扣完为止); ``points_gained`` the bonus
    after its cap (earned, even when the site's score is too low for the bonus to count — see
    ``Score.bonus_counted``); ``findings`` the findings it counted; ``confirmed`` False when the rulebook
    marks the indicator's values unconfirmed ([U] in ../shared/indicators/); ``source`` the clause;
    ``max_points`` the indicator's cap; ``evaluated`` False when its check raised (a ``check.error``
    finding names it), so "passed" only means "nothing found"; ``fix`` the rulebook's advice.
    """

    indicator_id: str
    title: str
    kind: str
    group: str
    passed: bool
    points_lost: float
    points_gained: float
    findings: tuple[Finding, ...]
    confirmed: bool
    source: str
    max_points: float = 0.0
    evaluated: bool = True
    ran: bool = True  # False: the indicator's check was not part of this evaluation (e.g. probes in a scan)
    fix: str = ""


@dataclass(frozen=True)
class Score:
    """The verdict (合格 / 不合格) and points of one site under one rulebook (国办秘函〔2019〕19号 指标说明).

    ``vetoed`` True when a 单项否决 indicator found a problem: then ``scored`` is False and ``total`` is
    None (no other indicator is scored); ``deduction_score`` is still computed for information.
    ``scored`` is also False (``total`` None, not vetoed) when no deduct/bonus indicator applies to the
    site's kind: the site is judged on the veto list alone.
    ``deduction_score`` = max_deduct − capped deductions (scaled ×4/3 for departments without external
    service duties); ``bonus`` the bonus that counts (0 unless ``bonus_counted``, i.e. the deduction
    score is above ``bonus_threshold``); ``total`` = deduction score + bonus. ``results`` one entry per
    indicator applicable to the site's kind, in rulebook order; ``unscored`` findings whose code matches
    no applicable indicator; ``reasons`` Chinese sentences saying why the site is 不合格 (empty if 合格).
    ``rulebook_id`` / ``rulebook_version`` identify the rules so an old report re-renders identically.
    """

    verdict: str
    vetoed: bool
    deduction_score: float
    bonus: float
    total: float | None
    results: tuple[IndicatorResult, ...]
    unscored: tuple[Finding, ...]
    rulebook_id: str
    rulebook_version: str
    reasons: tuple[str, ...] = ()
    scored: bool = True
    bonus_counted: bool = False
    pass_score: float = 60.0
    bonus_threshold: float = 80.0
    site_kind: str = "portal"
    service_duties: bool = True

    @property
    def passed(self) -> bool:
        """True when the verdict is 合格."""
        return self.verdict == PASS
