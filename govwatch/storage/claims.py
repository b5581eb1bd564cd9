"""Claiming scheduled scans with compare-and-set, heartbeats and lost-run detection (issue #3 §4, §7).

The guarantee that two schedulers or workers never run the same scan twice is the compare-and-set
``UPDATE scanschedule SET next_run_at = now + lease WHERE id = ? AND next_run_at = <value read>`` inside
a short transaction: whoever updates the row first wins, the others update nothing. It holds on SQLite
(transactions are serialised: ``BEGIN IMMEDIATE``) and on PostgreSQL (the second UPDATE waits for the
first's row lock, then re-checks its WHERE clause and matches nothing). On PostgreSQL the claim also locks
the site row (``SELECT … FOR UPDATE SKIP LOCKED``) so that two schedules of one site (full and
incremental) cannot start together; SQLite needs no lock for that, its transactions never overlap.

Every datetime is timezone-aware UTC; ``lease`` is in seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from govwatch.storage.models import ScanRun, ScanSchedule, Site

ACTIVE = (ScanRun.Status.QUEUED, ScanRun.Status.RUNNING)

DelayFor = Callable[[int], float]
"""Consecutive failures (≥ 1, this one included) → seconds until the schedule is due again."""


@dataclass(frozen=True)
class DueSchedule:
    """A schedule whose ``next_run_at`` has passed, with the value read (the compare-and-set operand)."""

    id: int
    site_id: int
    next_run_at: datetime


def due_schedules(now: datetime, limit: int) -> list[DueSchedule]:
    """Enabled schedules of active sites due at ``now``, oldest first. An incremental schedule is left out
    while the same site's full schedule is due too: the full scan covers it (and pushes it back)."""
    full_due = ScanSchedule.objects.filter(site_id=OuterRef("site_id"), kind=ScanSchedule.Kind.FULL,
                                           enabled=True, next_run_at__lte=now)
    rows = (ScanSchedule.objects.filter(enabled=True, site__active=True, next_run_at__lte=now)
            .exclude(Q(kind=ScanSchedule.Kind.INCREMENTAL) & Exists(full_due))
            .order_by("next_run_at", "kind").values_list("id", "site_id", "next_run_at")[:limit])
    return [DueSchedule(*row) for row in rows]


def inflight(now: datetime, lease: float) -> int:
    """Scans queued or running whose heartbeat is younger than ``lease`` seconds."""
    return ScanRun.objects.filter(status__in=ACTIVE, heartbeat_at__gte=now - timedelta(seconds=lease)).count()


def site_busy(site_id: int, now: datetime, lease: float, exclude_run: int | None = None) -> bool:
    """True when the site has a queued or running scan with a heartbeat younger than ``lease`` seconds."""
    runs = ScanRun.objects.filter(site_id=site_id, status__in=ACTIVE,
                                  heartbeat_at__gte=now - timedelta(seconds=lease))
    if exclude_run is not None:
        runs = runs.exclude(id=exclude_run)
    return runs.exists()


def _lock_site(site_id: int) -> bool:
    """Lock the site row until the transaction ends (PostgreSQL; a no-op on SQLite). False when another
    transaction holds it (skip: that one is claiming a scan of this site right now)."""
    return Site.objects.select_for_update(skip_locked=True).filter(id=site_id).exists()


def claim_schedule(due: DueSchedule, now: datetime, lease: float, worker_id: str) -> ScanRun | None:
    """Compare-and-set claim of one due schedule → a new ScanRun (status queued, heartbeat ``now``), or
    None when another claimer won, the schedule changed, or the site already has a live scan.

    On success the schedule's ``next_run_at`` becomes ``now + lease``: if the run is lost with its worker,
    the schedule is due again when the lease expires. A pending recheck request makes the run a recheck.
    """
    with transaction.atomic():
        schedule = ScanSchedule.objects.filter(id=due.id, next_run_at=due.next_run_at, enabled=True).first()
        if schedule is None or not _lock_site(due.site_id) or site_busy(due.site_id, now, lease):
            return None
        won = ScanSchedule.objects.filter(id=due.id, next_run_at=due.next_run_at).update(
            next_run_at=now + timedelta(seconds=lease), recheck_requested_at=None)
        if won != 1:
            return None
        recheck = schedule.recheck_requested_at is not None
        kind = ScanRun.Kind.RECHECK if recheck else ScanRun.Kind(schedule.kind)
        return ScanRun.objects.create(
            site_id=due.site_id, kind=kind, schedule_id=due.id, status=ScanRun.Status.QUEUED,
            claimed_by=worker_id, heartbeat_at=now, complete=kind != ScanRun.Kind.INCREMENTAL)


def start_run(run_id: int, worker_id: str, now: datetime, lease: float) -> bool:
    """Compare-and-set ``queued → running`` for ``worker_id``. False when the run is no longer queued
    (lost, started elsewhere) or another live scan of the same site is running; such a run is marked
    lost so its schedule runs it again once the site is free."""
    with transaction.atomic():
        run = ScanRun.objects.filter(id=run_id, status=ScanRun.Status.QUEUED).first()
        if run is None:
            return False
        if not _lock_site(run.site_id) or site_busy(run.site_id, now, lease, exclude_run=run_id):
            ScanRun.objects.filter(id=run_id, status=ScanRun.Status.QUEUED).update(
                status=ScanRun.Status.LOST, finished_at=now, error="该网站已有扫描在运行，本次未启动，将重新调度。")
            return False
        return ScanRun.objects.filter(id=run_id, status=ScanRun.Status.QUEUED).update(
            status=ScanRun.Status.RUNNING, claimed_by=worker_id, heartbeat_at=now, started_at=now) == 1


def heartbeat(run_id: int, worker_id: str, now: datetime) -> bool:
    """Refresh a running scan's heartbeat; False when it is no longer ours or no longer running."""
    return ScanRun.objects.filter(id=run_id, status=ScanRun.Status.RUNNING, claimed_by=worker_id).update(
        heartbeat_at=now) == 1


def _stale(now: datetime, lease: float) -> QuerySet[ScanRun]:
    cutoff = now - timedelta(seconds=lease)
    return ScanRun.objects.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
                                  status__in=ACTIVE)


def stale_runs(now: datetime, lease: float) -> list[int]:
    """Ids of queued or running scans whose heartbeat is older than ``lease`` seconds."""
    return list(_stale(now, lease).values_list("id", flat=True))


def mark_lost(run_id: int, now: datetime, lease: float, delay_for: DelayFor) -> bool:
    """Mark one stale scan lost (compare-and-set on its heartbeat being stale) and count a failure on its
    schedule, due again ``delay_for(failures)`` seconds from ``now`` at the earliest. False if not stale."""
    with transaction.atomic():
        run = ScanRun.objects.filter(id=run_id).first()
        # The UPDATE re-checks staleness: a worker that just started or heartbeated the run wins.
        if run is None or _stale(now, lease).filter(id=run_id).update(
                status=ScanRun.Status.LOST, finished_at=now,
                error=f"执行者 {run.claimed_by or '未知'} 超过 {lease:g} 秒无心跳，视为中断，已重新调度。") != 1:
            return False
        if run.schedule_id is not None:
            _count_failure(run.schedule_id, now, delay_for, lost=True)
        return True


def _count_failure(schedule_id: int, now: datetime, delay_for: DelayFor, lost: bool = False) -> None:
    schedule = ScanSchedule.objects.select_for_update().filter(id=schedule_id).first()
    if schedule is None:
        return
    schedule.failures += 1
    due = now + timedelta(seconds=delay_for(schedule.failures))
    # A lost run's schedule is already due (its lease expired): only push it later, never earlier.
    schedule.next_run_at = max(schedule.next_run_at, due) if lost else due
    schedule.save(update_fields=["failures", "next_run_at"])


def finish_success(run: ScanRun, now: datetime, interval: int, incremental_interval: int | None) -> None:
    """After a successful run: its schedule is due ``interval`` seconds from ``now`` with no failures.
    A complete scan also covers the site's incremental scan: ``incremental_interval`` (seconds, None for
    an incremental run) pushes that schedule to ``now + incremental_interval`` at the earliest."""
    if run.schedule_id is not None:
        mine = ScanSchedule.objects.filter(id=run.schedule_id)
        mine.update(last_run_at=now, failures=0, interval_seconds=interval)
        # A recheck requested while this run was going on stays due.
        mine.filter(recheck_requested_at__isnull=True).update(next_run_at=now + timedelta(seconds=interval))
    if incremental_interval is not None:
        soon = now + timedelta(seconds=incremental_interval)
        ScanSchedule.objects.filter(site_id=run.site_id, kind=ScanSchedule.Kind.INCREMENTAL,
                                    next_run_at__lt=soon).update(next_run_at=soon)


def finish_failure(run: ScanRun, now: datetime, error: str, delay_for: DelayFor) -> None:
    """After an exception in our code: the run is failed and its schedule retried ``delay_for(failures)``
    seconds from ``now`` (backoff), so a failing site is pushed back instead of looping."""
    with transaction.atomic():
        ScanRun.objects.filter(id=run.id).update(status=ScanRun.Status.FAILED, finished_at=now, error=error[:5000])
        if run.schedule_id is not None:
            _count_failure(run.schedule_id, now, delay_for)


def request_recheck(site_id: int, now: datetime) -> int:
    """Make the site's full schedule due at ``now`` with a recheck pending; returns rows updated (0 when the
    site has no full schedule)."""
    return ScanSchedule.objects.filter(site_id=site_id, kind=ScanSchedule.Kind.FULL).update(
        recheck_requested_at=now, next_run_at=now, enabled=True)
