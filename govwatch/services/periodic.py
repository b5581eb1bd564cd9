"""Periodic platform jobs beyond scans and probes (rectification deadlines and 复查, ticket SLA clocks,
reprint watch, background report generation …), run the same way by ``govwatch serve`` (a thread of
``Embedded``) and by Celery beat (one task ``govwatch.periodic`` per entry).

A job is ``(name, every_seconds, "module:function")``; the function takes the current time (aware
datetime) and returns one Chinese line for the log ('' = nothing to say). Jobs must be idempotent and
safe to run on several machines at once (claim rows with compare-and-set, as storage.claims does).
Adding a job = one line in ``JOBS``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """``every``: seconds between runs; ``target``: ``"package.module:function"`` (now → log line)."""

    name: str
    every: float
    target: str

    def load(self) -> Callable[[datetime], str]:
        """Import and return the job's function; ImportError/AttributeError when the target is wrong."""
        module, _, func = self.target.partition(":")
        fn: Callable[[datetime], str] = getattr(importlib.import_module(module), func)
        return fn


JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob("ledger.reprints", 600, "govwatch.services.ledger.reprints:watch"),
    PeriodicJob("desk.sla", 60, "govwatch.services.desk.jobs:tick"),
    PeriodicJob("bulletins", 3, "govwatch.services.bulletins.jobs:run_queued"),
    PeriodicJob("rectify.deadline", 300, "govwatch.services.rectification.recheck:due_rechecks"),
    PeriodicJob("security.defacement", 60, "govwatch.services.defacement_watch:watch"),
    PeriodicJob("notify.retry", 300, "govwatch.services.notify_retry:retry"),
)


def job(name: str) -> PeriodicJob:
    """The job called ``name``; KeyError when there is none."""
    for entry in JOBS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def run_job(name: str, now: datetime) -> str:
    """Run one job now; returns its log line. Exceptions propagate (the caller logs them and goes on)."""
    return job(name).load()(now)
