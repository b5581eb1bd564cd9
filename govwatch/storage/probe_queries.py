"""Database side of availability probes: targets, compare-and-set claims, probe rows, maintenance windows
and the 90-day downsampling into ProbeDay.

A due target is claimed by ``UPDATE … WHERE id = ? AND next_probe_at = <as read> AND confirm_due_at =
<as read>``: of several processes that read the same due target, exactly one update matches, so no
target is probed twice for one due time (issue #3 §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Avg, Count, Min, Q
from django.db.models.functions import TruncDate

from govwatch.checks.availability import MaintenanceSpan, ProbeRecord
from govwatch.storage.models import Column, MaintenanceWindow, Probe, ProbeDay, ProbeTarget, Site

CHINA = ZoneInfo("Asia/Shanghai")  # ProbeDay days are Beijing calendar days


@dataclass(frozen=True)
class DueTarget:
    """A probe target as read for claiming: the two due times exactly as stored, the site's
    ``probes_per_day`` override (None = platform setting)."""

    id: int
    site_id: int
    url: str
    kind: str
    next_probe_at: datetime | None
    confirm_due_at: datetime | None
    probes_per_day: int | None

    def recheck_due(self, now: datetime) -> bool:
        """True when the confirmation of an earlier failure is due (it goes before a scheduled probe)."""
        return self.confirm_due_at is not None and self.confirm_due_at <= now


@dataclass(frozen=True)
class NewProbe:
    """A probe to store: what :class:`~govwatch.storage.models.Probe` holds, by site id."""

    site_id: int
    url: str
    kind: str
    at: datetime
    ok: bool
    seconds: float
    status: int | None
    error: str
    excused: bool = False
    recheck: bool = False


def sync_targets(now: datetime, site_ids: Sequence[int] | None = None) -> int:
    """Give every active site (or those of ``site_ids``) its homepage target and one target per key column
    (``Column.key``), due at ``now`` when new; a home target follows a changed homepage URL; column
    targets whose column is no longer key are deleted; business systems (kind system) are left alone.
    Returns the number of targets created. A handful of queries whatever the fleet size."""
    sites = Site.objects.filter(active=True)
    if site_ids is not None:
        sites = sites.filter(id__in=site_ids)
    homes = dict(sites.values_list("id", "home_url"))
    wanted: dict[tuple[int, str], tuple[str, str]] = {(sid, url): ("home", "首页") for sid, url in homes.items()}
    for sid, name, url in Column.objects.filter(site_id__in=homes, key=True).values_list("site_id", "name", "url"):
        wanted.setdefault((sid, url), ("column", name))
    existing = {(t.site_id, t.url): t for t in ProbeTarget.objects.filter(site_id__in=homes)}
    moved = [(t, homes[sid]) for (sid, url), t in existing.items()
             if t.kind == "home" and url != homes[sid] and (sid, homes[sid]) not in existing]
    for target, url in moved:  # a home target follows its site's changed homepage URL
        existing[(target.site_id, url)] = existing.pop((target.site_id, target.url))
    stale = [t.id for key, t in existing.items() if t.kind == "column" and key not in wanted]
    missing = [ProbeTarget(site_id=sid, url=url, kind=kind, name=name, next_probe_at=now)
               for (sid, url), (kind, name) in wanted.items() if (sid, url) not in existing]
    if moved or stale or missing:  # usually nothing to do: no write transaction then
        with transaction.atomic():
            for target, url in moved:
                ProbeTarget.objects.filter(id=target.id).update(url=url)
            ProbeTarget.objects.filter(id__in=stale).delete()
            ProbeTarget.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def due_targets(now: datetime, limit: int, site_ids: Sequence[int] | None = None) -> list[DueTarget]:
    """Targets of active sites whose probe or confirmation is due at ``now`` (never-scheduled ones too),
    most overdue first, at most ``limit``."""
    due = Q(next_probe_at__lte=now) | Q(next_probe_at__isnull=True) | Q(confirm_due_at__lte=now)
    rows = ProbeTarget.objects.filter(due, site__active=True)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    rows = rows.order_by("next_probe_at", "id").values_list(
        "id", "site_id", "url", "kind", "next_probe_at", "confirm_due_at", "site__probes_per_day")[:limit]
    return [DueTarget(*row) for row in rows]


def claim(target: DueTarget, now: datetime, next_at: datetime) -> bool:
    """Compare-and-set: take ``target`` for this process if nobody changed it since it was read.

    A due confirmation is claimed by clearing ``confirm_due_at``; a scheduled probe by moving
    ``next_probe_at`` to ``next_at``. Returns False when another process claimed it first.
    """
    rows = ProbeTarget.objects.filter(id=target.id, next_probe_at=target.next_probe_at,
                                      confirm_due_at=target.confirm_due_at)
    if target.recheck_due(now):
        return rows.update(confirm_due_at=None) == 1
    return rows.update(next_probe_at=next_at) == 1


def approved_spans(site_ids: Iterable[int], since: datetime, until: datetime) -> dict[int, list[MaintenanceSpan]]:
    """Approved maintenance windows overlapping [since, until), per site id."""
    out: dict[int, list[MaintenanceSpan]] = {}
    rows = MaintenanceWindow.objects.filter(site_id__in=list(site_ids), status=MaintenanceWindow.Status.APPROVED,
                                            starts_at__lt=until, ends_at__gt=since).order_by("starts_at")
    for w in rows:
        out.setdefault(w.site_id, []).append(MaintenanceSpan(w.starts_at, w.ends_at, w.reason))
    return out


def store_round(probes: Sequence[NewProbe], confirm_due: dict[int, datetime],
                decisions: Sequence[tuple[int, str, bool, str]]) -> None:
    """Store one round in one transaction: the new ``probes``; ``confirm_due`` target id → when to confirm
    its failure; ``decisions`` (site id, url, confirmed, note) settle each URL's pending failure."""
    with transaction.atomic():
        Probe.objects.bulk_create([Probe(site_id=p.site_id, url=p.url, target_kind=p.kind, at=p.at, ok=p.ok,
                                         seconds=p.seconds, status=p.status, error=p.error[:40],
                                         excused=p.excused, recheck=p.recheck) for p in probes])
        for target_id, when in confirm_due.items():
            ProbeTarget.objects.filter(id=target_id).update(confirm_due_at=when)
        for site_id, url, confirmed, note in decisions:
            settle_pending(site_id, url, confirmed, note)


def settle_pending(site_id: int, url: str, confirmed: bool, note: str) -> bool:
    """Mark the latest pending failure of (site, url) — scheduled, failed, not excused, not yet decided —
    confirmed (counts) or refuted (kept with ``note``, never counts). False if none is pending."""
    pending = (Probe.objects.filter(site_id=site_id, url=url, recheck=False, excused=False, ok=False,
                                    confirmed=False, note="").order_by("-at", "-id").first())
    if pending is None:
        return False
    pending.confirmed, pending.note = confirmed, note[:200]
    pending.save(update_fields=["confirmed", "note"])
    return True


def probe_records(site_id: int, since: datetime, until: datetime) -> list[ProbeRecord]:
    """The site's probes with since ≤ at < until, oldest first, as the availability judgement reads them."""
    rows = (Probe.objects.filter(site_id=site_id, at__gte=since, at__lt=until).order_by("at", "id")
            .values_list("url", "target_kind", "at", "ok", "seconds", "status", "error", "confirmed",
                         "excused", "recheck"))
    return [ProbeRecord(*row) for row in rows]


def next_due_at(site_ids: Sequence[int] | None = None) -> datetime | None:
    """The earliest scheduled probe or confirmation among active sites' targets (None when none)."""
    rows = ProbeTarget.objects.filter(site__active=True)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    agg = rows.aggregate(probe=Min("next_probe_at"), confirm=Min("confirm_due_at"))
    times = [t for t in (agg["probe"], agg["confirm"]) if t is not None]
    return min(times) if times else None


def site_ids_for_url(url: str) -> list[int]:
    """Ids of the sites whose homepage URL is ``url`` (with or without the trailing slash)."""
    bare = url.rstrip("/")
    return list(Site.objects.filter(home_url__in={url, bare, bare + "/"}).values_list("id", flat=True))


def excuse_probes(site_id: int, starts_at: datetime, ends_at: datetime) -> int:
    """Mark the site's stored probes with starts_at ≤ at < ends_at excused (a window approved after the
    fact); returns how many changed."""
    return Probe.objects.filter(site_id=site_id, at__gte=starts_at, at__lt=ends_at, excused=False).update(excused=True)


@dataclass(frozen=True)
class Compaction:
    """What one downsampling did: ProbeDay rows ``days_written`` (created or added to), ``probes_deleted``."""

    days_written: int
    probes_deleted: int


def compact_before(cutoff: datetime) -> Compaction:
    """Fold every probe older than ``cutoff`` into ProbeDay rows (site, URL, Beijing day) and delete them,
    in one transaction. ProbeDay ``total`` = counted samples (ok or confirmed failures, not excused),
    ``failures`` confirmed failures, ``excused`` probes in approved windows, ``mean_seconds`` over the
    counted and excused probes; confirmation re-probes and unconfirmed failures are dropped. A day already
    compacted is added to, so ``cutoff`` need not fall on midnight."""
    old = Probe.objects.filter(at__lt=cutoff)
    counted = Q(excused=False) & (Q(ok=True) | Q(confirmed=True))
    with transaction.atomic():
        groups = (old.filter(recheck=False).annotate(day=TruncDate("at", tzinfo=CHINA))
                  .values("site_id", "url", "day").order_by()
                  .annotate(n_total=Count("id", filter=counted), n_excused=Count("id", filter=Q(excused=True)),
                            n_failures=Count("id", filter=counted & Q(ok=False)),
                            mean=Avg("seconds", filter=counted | Q(excused=True))))
        written = sum(_add_day(row) for row in groups)
        deleted, _ = old.delete()
    return Compaction(written, deleted)


def _add_day(row: dict[str, Any]) -> int:
    day, created = ProbeDay.objects.select_for_update().get_or_create(
        site_id=row["site_id"], url=row["url"], day=row["day"],
        defaults={"total": row["n_total"], "failures": row["n_failures"], "excused": row["n_excused"],
                  "mean_seconds": row["mean"] or 0.0})
    if not created:
        before, taken = day.total + day.excused, int(row["n_total"]) + int(row["n_excused"])
        day.mean_seconds = (day.mean_seconds * before + float(row["mean"] or 0.0) * taken) / max(1, before + taken)
        day.total += int(row["n_total"])
        day.failures += int(row["n_failures"])
        day.excused += int(row["n_excused"])
        day.save()
    return 1


def create_window(site_id: int, starts_at: datetime, ends_at: datetime, reason: str, user_id: int | None,
                  now: datetime) -> MaintenanceWindow:
    """A pending maintenance window (网站临时报备) filed at ``now``."""
    return MaintenanceWindow.objects.create(site_id=site_id, starts_at=starts_at, ends_at=ends_at, reason=reason,
                                            filed_by_id=user_id, filed_at=now)


def decide_window(window_id: int, approve: bool, user_id: int | None, now: datetime) -> bool:
    """Approve or reject a pending window (compare-and-set on its status); an approval also excuses the
    probes already stored inside it. False when the window was not pending any more."""
    status = MaintenanceWindow.Status.APPROVED if approve else MaintenanceWindow.Status.REJECTED
    with transaction.atomic():
        changed = MaintenanceWindow.objects.filter(id=window_id, status=MaintenanceWindow.Status.PENDING).update(
            status=status, decided_by_id=user_id, decided_at=now)
        if changed and approve:
            w = MaintenanceWindow.objects.get(id=window_id)
            excuse_probes(w.site_id, w.starts_at, w.ends_at)
    return changed == 1


def window_rows(site_id: int) -> list[MaintenanceWindow]:
    """The site's maintenance windows, newest first."""
    return list(MaintenanceWindow.objects.filter(site_id=site_id).order_by("-starts_at"))
