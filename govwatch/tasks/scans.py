"""Celery tasks: load ids, call one service (DESIGN.md §1)."""

from __future__ import annotations

from govwatch.services import alerts, probes, scheduler
from govwatch.services.scan_jobs import execute_run
from govwatch.tasks.app import app


@app.task(name="govwatch.run_scan")
def run_scan(run_id: int) -> str:
    """Run one claimed scan (queue ``crawl``); returns 'done', 'failed' or 'skipped'."""
    return execute_run(run_id).status


@app.task(name="govwatch.dispatch_due")
def dispatch_due() -> list[int]:
    """Reap lost runs, claim due schedules and send each new run to ``run_scan``; returns the run ids."""
    return scheduler.dispatch_due(send=run_scan.delay)


@app.task(name="govwatch.probe_due")
def probe_due() -> int:
    """Probe the availability targets that are due; returns the number of probes made."""
    return probes.run_due_probes().probed


@app.task(name="govwatch.compact")
def compact() -> int:
    """Fold probes older than 90 days into daily totals; returns the probes deleted."""
    return probes.compact_probes().probes_deleted


@app.task(name="govwatch.deliver_alerts")
def deliver_alerts() -> int:
    """Send the alerts that are due (outside quiet hours) through apprise; returns how many were sent."""
    return alerts.deliver_due().sent
