"""Use cases of scheduled scans (issue #3 §4): find lost runs, claim due schedules, dispatch or run them,
and re-check on demand.

Each site has a full schedule (every ``Site.full_scan_days`` days, default 7) and an incremental one
(every ``Site.incremental_hours`` hours, default 24). A due schedule is claimed by compare-and-set on its
``next_run_at`` (``govwatch.storage.claims``), which creates a ScanRun; at most GOVWATCH_SCAN_SLOTS runs
are queued or running at once. A run whose heartbeat is older than the lease (GOVWATCH_SCAN_LEASE
seconds) was lost with its worker: it is marked lost and its schedule, already due again since the
claim only pushed it one lease ahead, is claimed again.

Three ways to run claimed scans: ``dispatch_due(send)`` hands run ids to Celery (``govwatch worker``),
``run_due()`` runs them in this process one after another (``govwatch run-due``), and the embedded
server's worker threads (``services.embedded``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from govwatch.core.clock import utcnow
from govwatch.services.registry_io import ensure_site_monitoring
from govwatch.services.scan_jobs import (
    RunResult,
    backoff_seconds,
    config,
    execute_run,
    interval_seconds,
    lost_retry_seconds,
)
from govwatch.storage import claims
from govwatch.storage.models import ScanRun, Site

__all__ = [
    "RunResult", "backoff_seconds", "claim_due", "dispatch_due", "interval_seconds", "lost_retry_seconds",
    "reap_lost", "request_recheck", "run_due",
]


def reap_lost(now: datetime | None = None, lease: float | None = None) -> list[int]:
    """Mark every queued or running run whose heartbeat is older than ``lease`` seconds (default
    GOVWATCH_SCAN_LEASE) lost, counting a failure on its schedule; returns their ids."""
    now, lease = now or utcnow(), lease or config().scan_lease_seconds
    return [rid for rid in claims.stale_runs(now, lease) if claims.mark_lost(rid, now, lease, lost_retry_seconds)]


def claim_due(now: datetime | None = None, worker_id: str | None = None, lease: float | None = None,
              limit: int | None = None) -> list[ScanRun]:
    """Reap lost runs, then claim due schedules (oldest first) until ``limit`` runs or the free scan slots
    (GOVWATCH_SCAN_SLOTS minus live runs) are used up. Returns the new runs (status queued)."""
    cfg = config()
    now, lease, worker_id = now or utcnow(), lease or cfg.scan_lease_seconds, worker_id or cfg.worker_id
    reap_lost(now, lease)
    free = cfg.scan_slots - claims.inflight(now, lease)
    wanted = free if limit is None else min(limit, free)
    runs: list[ScanRun] = []
    if wanted <= 0:
        return runs
    for due in claims.due_schedules(now, limit=wanted * 4 + 10):
        run = claims.claim_schedule(due, now, lease, worker_id)
        if run is not None:
            runs.append(run)
            if len(runs) >= wanted:
                break
    return runs


def dispatch_due(send: Callable[[int], object], now: datetime | None = None, worker_id: str | None = None,
                 lease: float | None = None) -> list[int]:
    """Claim due schedules (:func:`claim_due`) and ``send`` each new run id to a worker (Celery's
    ``run_scan.delay``); returns the ids sent."""
    ids = [run.id for run in claim_due(now, worker_id, lease)]
    for run_id in ids:
        send(run_id)
    return ids


def run_due(now: datetime | None = None, worker_id: str | None = None, lease: float | None = None,
            limit: int | None = None, on_result: Callable[[RunResult], None] | None = None) -> list[RunResult]:
    """Run due scans in this process, one at a time (claim one, run it, claim the next) until none is
    due or ``limit`` runs were made; ``on_result`` is called after each. Returns every result."""
    results: list[RunResult] = []
    while limit is None or len(results) < limit:
        runs = claim_due(now, worker_id, lease, limit=1)
        if not runs:
            break
        result = execute_run(runs[0].id, worker_id, now, lease)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def request_recheck(site: Site, now: datetime | None = None) -> None:
    """复查 on demand: the site's full schedule becomes due ``now`` and its next run is a recheck (a
    complete scan that resolves what is fixed). Creates the schedules when the site has none."""
    now = now or utcnow()
    if claims.request_recheck(site.id, now) == 0:
        ensure_site_monitoring(site, now)
        claims.request_recheck(site.id, now)
