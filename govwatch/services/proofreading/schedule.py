"""The yearly whole-site proofreading (整站校对, issue #6 §5) on the schedule.

Every active site gets a ProofreadSchedule (every 365 days; the first runs spread over 30 days). A due
schedule is claimed by compare-and-set on ``next_run_at`` (storage.proofread_queries) with a lease of
``LEASE_SECONDS``: a worker that dies mid-run leaves the schedule due again when the lease expires.
Claimed runs call :func:`~govwatch.services.proofreading.site.proofread_site`; a failure is retried
after ``RETRY_SECONDS``. Run by Celery beat (``govwatch.proofread_due``, hourly) and by ``govwatch serve``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from govwatch.core.clock import utcnow
from govwatch.crawl import CrawlOptions
from govwatch.proofread.engine import DEFAULT
from govwatch.services.proofreading.kb import current_kb
from govwatch.services.proofreading.site import proofread_site
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import ProofreadJob, Site

log = logging.getLogger(__name__)

LEASE_SECONDS = 6 * 3600.0  # a whole-site crawl plus proofreading fits well inside six hours
RETRY_SECONDS = 86400.0  # a failed yearly run is tried again the next day


def claim_due_proofreads(now: datetime | None = None, limit: int = 1,
                         lease: float = LEASE_SECONDS) -> list[q.DueProofread]:
    """Create missing schedules, then claim up to ``limit`` due ones (compare-and-set); the claimed."""
    now = now or utcnow()
    q.ensure_schedules(now)
    won = []
    for due in q.due_proofreads(now, limit * 4 + 4):
        if q.claim_proofread(due, now, lease):
            won.append(due)
            if len(won) >= limit:
                break
    return won


def run_claimed(due: q.DueProofread, now: datetime | None = None, options: CrawlOptions | None = None,
                typo: object = DEFAULT) -> ProofreadJob | None:
    """Run one claimed whole-site proofreading and reschedule it (a year later, or tomorrow after an
    error in our code). Returns the job, None on failure."""
    site = Site.objects.select_related("unit", "parent").get(id=due.site_id)
    try:
        job = proofread_site(site, now, kb=current_kb(), options=options, typo=typo)
    except Exception:
        log.exception("整站校对失败：%s", site.home_url)
        q.finish_proofread(due.id, now or utcnow(), False, RETRY_SECONDS)
        return None
    q.finish_proofread(due.id, now or utcnow(), True, RETRY_SECONDS)
    return job


def proofread_due(now: datetime | None = None, limit: int = 1, options: CrawlOptions | None = None,
                  typo: object = DEFAULT, on_job: Callable[[ProofreadJob], None] | None = None) -> list[ProofreadJob]:
    """Claim and run due whole-site proofreadings in this process, at most ``limit``; the jobs made."""
    jobs = []
    for due in claim_due_proofreads(now, limit):
        job = run_claimed(due, now, options, typo)
        if job is not None:
            jobs.append(job)
            if on_job is not None:
                on_job(job)
    return jobs


def job_line(job: ProofreadJob) -> str:
    """One Chinese line for a finished whole-site proofreading."""
    pages = (job.result or {}).get("pages_checked", 0)
    return f"整站校对完成：{job.name}，校对网页 {pages} 个，发现问题 {job.issues_total} 处"


class BackgroundProofreads:
    """For ``govwatch serve``: :meth:`tick` (from the scheduler loop) starts a daemon thread running
    :func:`proofread_due` at most every ``every`` seconds and never two at once, so a long whole-site
    crawl never holds up the scan scheduler. ``say`` receives a Chinese line per job."""

    def __init__(self, say: Callable[[str], None], every: float = 3600.0) -> None:
        self.say, self.every = say, every
        self._last = time.monotonic()  # first round one period after start (a serve is long-lived)
        self._thread: threading.Thread | None = None

    def tick(self) -> bool:
        """Start a round if one is due and none is running; True when started."""
        if self._thread is not None and self._thread.is_alive():
            return False
        if time.monotonic() - self._last < self.every:
            return False
        self._last = time.monotonic()
        self._thread = threading.Thread(target=self._round, name="proofread-yearly", daemon=True)
        self._thread.start()
        return True

    def join(self, timeout: float | None = None) -> None:
        """Wait for the running round (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _round(self) -> None:
        from django.db import connection

        try:
            proofread_due(limit=1, on_job=lambda job: self.say(job_line(job)))
        except Exception:
            log.exception("整站校对调度失败")
        finally:
            connection.close()  # this thread's own connection ends with it
