"""Database side of period scores, the fleet ranking and the yearly 绩效评估.

A finding is *open during* [start, end) when it was first seen before ``end`` and was still open, or was
resolved at or after ``start`` (issue #3 §6). Probe counts follow ``govwatch.checks.availability``:
homepage probes only, re-probes never samples, a failure counted once confirmed, excused probes (approved
网站临时报备) left out; days already downsampled into ProbeDay (probes older than 90 days) add their
stored counts, which follow the same rules (``probe_queries.compact_before``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum

from govwatch.checks.availability import HOME, Tally
from govwatch.core.models import Finding as FindingValue
from govwatch.core.models import SiteSpec
from govwatch.scoring.evaluation import EvidenceFinding, Subject
from govwatch.scoring.period import SUSPECTED, PeriodScore, StoredFinding
from govwatch.storage.models import Finding, Probe, ProbeDay, Score, Site, Unit

CHINA = ZoneInfo("Asia/Shanghai")


def active_sites(site_ids: Iterable[int] | None = None) -> list[Site]:
    """Sites under monitoring (``active``), with their unit, ordered by id."""
    rows = Site.objects.filter(active=True).select_related("unit", "parent").order_by("id")
    if site_ids is not None:
        rows = rows.filter(id__in=list(site_ids))
    return list(rows)


def site_spec(site: Site) -> SiteSpec:
    """The value the scorer needs of a stored site (kind decides which indicators apply)."""
    parent = site.parent.home_url if site.parent_id else None
    return SiteSpec(home_url=site.home_url, name=site.name, unit=site.unit.name,
                    site_id_code=site.site_id_code or None, kind=site.kind, level=site.level,
                    parent_domain=parent, extra_hosts=tuple(site.extra_hosts or ()))


def _open_during(start: datetime, end: datetime) -> QuerySet[Finding]:
    open_now = Q(status=Finding.Status.OPEN)
    resolved_inside = Q(resolved_at__isnull=False, resolved_at__gte=start)
    return Finding.objects.filter(Q(first_seen__lt=end) & (open_now | resolved_inside))


def findings_open_during(start: datetime, end: datetime, site_ids: Iterable[int] | None = None
                         ) -> dict[int, list[StoredFinding]]:
    """Per site id, the findings open at some moment of [start, end), oldest first, as StoredFinding
    (suspected ones included: the scorer lists them without counting them)."""
    rows = (_open_during(start, end).filter(site__active=True).order_by("first_seen", "id")
            .values_list("id", "site_id", "site__home_url", "code", "url", "message", "evidence", "fix", "count",
                         "certainty"))
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    out: dict[int, list[StoredFinding]] = {}
    for fid, site_id, home, code, url, message, evidence, fix, count, certainty in rows:
        value = FindingValue(code=code, target=home, url=url, message=message, evidence=evidence or {}, fix=fix,
                             count=count)
        out.setdefault(site_id, []).append(StoredFinding(fid, value, certainty))
    return out


def home_probe_tallies(start: datetime, until: datetime, site_ids: Iterable[int] | None = None
                       ) -> dict[int, Tally]:
    """Per site id, the homepage probe counts of [start, until): raw probes plus downsampled days.

    A ProbeDay row counts when its Beijing day starts in [start, until) (periods begin at midnight);
    its ``total`` samples and ``failures`` add to ``counted``/``failures``, its ``excused`` to
    ``excused``, both to ``taken`` (downsampling dropped unconfirmed failures).
    """
    ids = None if site_ids is None else list(site_ids)
    counted = Q(excused=False) & (Q(ok=True) | Q(confirmed=True))
    probes = Probe.objects.filter(at__gte=start, at__lt=until, recheck=False).filter(
        Q(target_kind=HOME) | Q(url=F("site__home_url")))
    if ids is not None:
        probes = probes.filter(site_id__in=ids)
    raw = (probes.values("site_id").order_by()
           .annotate(n_taken=Count("id"), n_counted=Count("id", filter=counted),
                     n_failures=Count("id", filter=counted & Q(ok=False)),
                     n_excused=Count("id", filter=Q(excused=True)),
                     n_unconfirmed=Count("id", filter=Q(excused=False, ok=False, confirmed=False))))
    days = ProbeDay.objects.filter(day__gte=start.astimezone(CHINA).date(), day__lt=_day_after(until),
                                   url=F("site__home_url"))
    if ids is not None:
        days = days.filter(site_id__in=ids)
    folded = days.values("site_id").order_by().annotate(n_counted=Sum("total"), n_failures=Sum("failures"),
                                                         n_excused=Sum("excused"))
    out: dict[int, Tally] = {}
    for row in raw:
        out[row["site_id"]] = Tally("", HOME, row["n_taken"], row["n_counted"], row["n_failures"],
                                    row["n_excused"], row["n_unconfirmed"], ())
    for row in folded:
        out[row["site_id"]] = _add_folded(out.get(row["site_id"]), row)
    return out


def _day_after(until: datetime) -> date:
    """The first Beijing day starting at or after ``until`` (a ProbeDay counts when its day starts before)."""
    local = until.astimezone(CHINA)
    return local.date() if local.time() == time(0) else local.date() + timedelta(days=1)


def _add_folded(base: Tally | None, row: dict[str, Any]) -> Tally:
    t = base or Tally("", HOME, 0, 0, 0, 0, 0, ())
    counted, failures = int(row["n_counted"] or 0), int(row["n_failures"] or 0)
    excused = int(row["n_excused"] or 0)
    return Tally(t.url, t.kind, t.taken + counted + excused, t.counted + counted, t.failures + failures,
                 t.excused + excused, t.unconfirmed, t.failed_at)


def save_period_scores(period: str, scores: Sequence[tuple[int, PeriodScore, int | None]]) -> int:
    """Upsert one Score row per (site id, period score, rank): re-running updates the rows (unique on
    site and period). Returns the number of rows written."""
    rows = [Score(site_id=site_id, period=period, rulebook_id=ps.score.rulebook_id,
                  rulebook_version=ps.score.rulebook_version, verdict=ps.score.verdict, vetoed=ps.score.vetoed,
                  deduction_score=ps.score.deduction_score, bonus=ps.score.bonus, total=ps.score.total,
                  rank=rank, detail=ps.detail)
            for site_id, ps, rank in scores]
    fields = ["rulebook_id", "rulebook_version", "verdict", "vetoed", "deduction_score", "bonus", "total",
              "rank", "detail", "computed_at"]
    with transaction.atomic():
        Score.objects.bulk_create(rows, batch_size=500, update_conflicts=True,
                                  unique_fields=["site", "period"], update_fields=fields)
    return len(rows)


@dataclass(frozen=True)
class StoredScore:
    """A stored period score with what the ranking shows of its site."""

    site_id: int
    site: str
    home_url: str
    unit: str
    level: str
    kind: str
    verdict: str
    vetoed: bool
    total: float | None
    deduction_score: float | None
    rank: int | None
    vetoes: tuple[str, ...]
    rulebook: str


def period_scores(period: str, level: str | None = None, kind: str | None = None) -> list[StoredScore]:
    """The stored scores of ``period`` for active sites, optionally of one level and kind."""
    rows = Score.objects.filter(period=period, site__active=True).select_related("site", "site__unit")
    if level is not None:
        rows = rows.filter(site__level=level)
    if kind is not None:
        rows = rows.filter(site__kind=kind)
    return [StoredScore(s.site_id, s.site.name, s.site.home_url, s.site.unit.name, s.site.level, s.site.kind,
                        s.verdict, s.vetoed, s.total, s.deduction_score, s.rank,
                        tuple((s.detail or {}).get("vetoes", ())), f"{s.rulebook_id} {s.rulebook_version}")
            for s in rows.order_by("site__name", "site_id")]


def evaluation_subjects(subject: str) -> list[Subject]:
    """Subjects of a 绩效评估: each unit with active sites (``subject`` 'unit'; level = the unit's, else
    its first site's; kind 'portal' when it runs a portal) or each active site ('site')."""
    sites = active_sites()
    if subject == "site":
        return [Subject(f"site:{s.id}", s.name, s.level, s.kind, (s.name,)) for s in sites]
    by_unit: dict[int, list[Site]] = {}
    for s in sites:
        by_unit.setdefault(s.unit_id, []).append(s)
    units = Unit.objects.filter(id__in=list(by_unit)).order_by("name")
    return [Subject(f"unit:{u.id}", u.name, u.level or by_unit[u.id][0].level,
                    "portal" if any(s.kind == Site.Kind.PORTAL for s in by_unit[u.id]) else "department",
                    tuple(s.name for s in by_unit[u.id])) for u in units]


def evidence_findings(start: datetime, end: datetime, subject: str) -> list[EvidenceFinding]:
    """Counted findings (not suspected) of active sites open during [start, end), keyed to their subject
    ('unit:<id>' or 'site:<id>')."""
    rows = (_open_during(start, end).filter(site__active=True).exclude(certainty=SUSPECTED).order_by("id")
            .values_list("id", "site_id", "site__unit_id", "site__name", "code", "url", "count", "message"))
    return [EvidenceFinding(fid, f"site:{site_id}" if subject == "site" else f"unit:{unit_id}", site_name, code,
                            url, count, message)
            for fid, site_id, unit_id, site_name, code, url, count, message in rows]
