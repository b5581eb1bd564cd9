"""Celery tasks of the proofreading service (issue #6): the yearly whole-site proofreading."""

from __future__ import annotations

from govwatch.services.proofreading import newmedia
from govwatch.services.proofreading.schedule import proofread_due as run_due_proofreads
from govwatch.tasks.app import app

newmedia.install()  # new-media checks run in these workers: plug the proofreading engine into them


@app.task(name="govwatch.proofread_due")
def proofread_due() -> list[int]:
    """Claim (compare-and-set) and run one due whole-site proofreading (queue ``crawl``); the job ids."""
    return [job.id for job in run_due_proofreads(limit=1)]
