"""The yearly 绩效评估: a scheme (rules/evaluation.py) applied to the findings of a year, ranking subjects.

Pure: the service reads subjects (units or sites) and the findings open during the year from storage.
Each subject starts at 100; each dimension loses ``points`` × count per matching finding, capped per item
and by the dimension's weight (扣完为止). Every lost point is traced to the finding it came from (id,
code, URL, site): a dimension's ``lost`` is exactly the sum of its ``lost_points``; findings past a cap
are listed with 0 points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from govwatch.rules.evaluation import Dimension, Scheme, item_codes
from govwatch.rules.rulebook import Rulebook
from govwatch.scoring.period import allocate, competition_ranks

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Subject:
    """Something evaluated: a 主办单位 (``key`` 'unit:<id>') or a site ('site:<id>'); ``level`` 市/县/乡镇,
    ``kind`` 'portal' when it runs a 门户网站 else 'department'; ``sites`` the names of its sites."""

    key: str
    name: str
    level: str
    kind: str
    sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceFinding:
    """A stored finding open during the year: database ``id``, the ``subject`` key it belongs to, the
    ``site`` name, ``code``, ``url``, ``count`` (occurrences) and the Chinese ``message``."""

    id: int
    subject: str
    site: str
    code: str
    url: str
    count: int = 1
    message: str = ""


@dataclass(frozen=True)
class LostPoint:
    """Points one finding cost in one dimension: ``points`` after the caps (0 when a cap was already
    reached), ``raw`` = item points × count before them."""

    finding_id: int
    code: str
    url: str
    site: str
    message: str
    points: float
    raw: float


@dataclass(frozen=True)
class DimensionResult:
    """One dimension of one subject: ``score`` = ``weight`` − ``lost``; ``evaluated`` False when no item
    feeds it (nothing can be lost); ``lost_points`` sum exactly to ``lost``."""

    id: str
    title: str
    weight: float
    lost: float
    score: float
    evaluated: bool
    confirmed: bool
    lost_points: tuple[LostPoint, ...]


@dataclass(frozen=True)
class SubjectResult:
    """A subject's evaluation: ``total`` (0–100) = 100 − ``lost``, its ``rank`` within ``group`` (ties share
    a rank), and one result per dimension in scheme order."""

    subject: Subject
    group: str
    rank: int
    total: float
    lost: float
    dimensions: tuple[DimensionResult, ...]


@dataclass(frozen=True)
class Evaluation:
    """The year's 绩效评估 under one scheme (``scheme_id`` + ``scheme_version``); ``results`` ordered by
    group (scheme order), rank, name; ``unevaluated`` titles of dimensions no item feeds."""

    scheme_id: str
    scheme_version: str
    title: str
    year: int
    confirmed: bool
    groups: tuple[str, ...]
    results: tuple[SubjectResult, ...]
    unevaluated: tuple[str, ...]


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value))


def _float(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _dimension(dim: Dimension, rulebook: Rulebook, findings: Sequence[EvidenceFinding]) -> DimensionResult:
    """Lost points of one dimension: per item (capped), then the dimension's weight over all items."""
    pairs: list[tuple[EvidenceFinding, Decimal, Decimal]] = []  # finding, raw, after the item cap
    for item in dim.items:
        codes = set(item_codes(item, rulebook))
        matched = sorted((f for f in findings if f.code in codes), key=lambda f: f.id)
        raw = [_dec(item.points) * max(f.count, 0) for f in matched]
        cap = _dec(item.cap) if item.cap is not None else sum(raw, Decimal(0))
        pairs.extend(zip(matched, raw, allocate(raw, cap), strict=True))
    shares = allocate([after_item for _, _, after_item in pairs], _dec(dim.weight))
    lost = sum(shares, Decimal(0))
    points = tuple(LostPoint(f.id, f.code, f.url, f.site, f.message, float(share), float(raw))
                   for (f, raw, _), share in zip(pairs, shares, strict=True))
    return DimensionResult(dim.id, dim.title, dim.weight, float(lost), _float(_dec(dim.weight) - lost),
                           dim.evaluated, dim.confirmed, points)


def evaluate(scheme: Scheme, rulebook: Rulebook, subjects: Sequence[Subject],
             findings: Sequence[EvidenceFinding]) -> Evaluation:
    """Evaluate every subject under ``scheme`` and rank them within their groups.

    ``findings`` must already be limited to the year (open at some moment of it) and to counted ones
    (no suspected dead links). Findings of unknown subjects are ignored. Never raises for odd findings.
    """
    by_subject: dict[str, list[EvidenceFinding]] = {s.key: [] for s in subjects}
    for f in findings:
        if f.subject in by_subject:
            by_subject[f.subject].append(f)
    scored = []
    for subject in subjects:
        dims = tuple(_dimension(d, rulebook, by_subject[subject.key]) for d in scheme.dimensions)
        lost = sum((_dec(d.lost) for d in dims), Decimal(0))
        scored.append((subject, scheme.group_for(subject.level, subject.kind), _float(lost), dims))
    group_order = [g.title for g in scheme.groups] + ["其他", "全部"]
    results: list[SubjectResult] = []
    for group in group_order:
        members = [row for row in scored if row[1] == group]
        ranks = competition_ranks([(lost,) for _, _, lost, _ in members])
        results.extend(SubjectResult(s, g, rank, _float(100 - _dec(lost)), lost, dims)
                       for (s, g, lost, dims), rank in zip(members, ranks, strict=True))
    results.sort(key=lambda r: (group_order.index(r.group), r.rank, r.subject.name))
    present = tuple(g for g in group_order if any(r.group == g for r in results))
    return Evaluation(scheme.id, scheme.version, scheme.title, scheme.year, scheme.confirmed, present,
                      tuple(results), tuple(d.title for d in scheme.dimensions if not d.evaluated))
