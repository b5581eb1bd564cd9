"""Celery task of new-media monitoring (issue #5): collect the accounts whose patrol is due."""

from __future__ import annotations

from govwatch.services.newmedia.patrols import PATROL_BATCH, run_due_patrols
from govwatch.tasks.app import app


@app.task(name="govwatch.patrol_due")
def patrol_due() -> int:
    """Claim (compare-and-set) up to PATROL_BATCH due patrols and collect them (queue ``crawl``); the number claimed."""
    return run_due_patrols(limit=PATROL_BATCH).claimed
