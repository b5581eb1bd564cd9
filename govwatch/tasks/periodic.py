"""Celery side of services.periodic: one task runs a named job; beat schedules every job (app.py)."""

from __future__ import annotations

from govwatch.core.clock import utcnow
from govwatch.services import periodic
from govwatch.tasks.app import app


@app.task(name="govwatch.periodic")
def run_periodic(name: str) -> str:
    """Run the periodic job ``name`` now; returns its log line."""
    return periodic.run_job(name, utcnow())
