"""The job queue of bulletins and site reports: create, claim (compare-and-set), progress, finish, fail.

``claim_next`` takes the oldest queued row, or a running one whose heartbeat is older than ``lease``
seconds (its worker died), with ``UPDATE … WHERE id = ? AND status = <read> AND heartbeat_at <read>``:
of several workers only the one whose UPDATE matches owns the job. Datetimes are aware UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, Q

from govwatch.storage.bulletins.models import Bulletin, JobStatus, ReportJob

J = TypeVar("J", Bulletin, ReportJob)


def claim_next(model: type[J], worker: str, now: datetime, lease: float = 600.0) -> J | None:
    """Claim one job of ``model`` for ``worker``: it becomes running, progress 1. None when none is due."""
    stale = now - timedelta(seconds=lease)
    due = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
    for row in model.objects.filter(due).order_by("created_at", "id").values("id", "status", "heartbeat_at")[:5]:
        with transaction.atomic():
            won = model.objects.filter(id=row["id"], status=row["status"], heartbeat_at=row["heartbeat_at"]).update(
                status=JobStatus.RUNNING, claimed_by=worker[:200], started_at=now, heartbeat_at=now, progress=1,
                stage="开始生成", error="")
        if won:
            return model.objects.get(id=row["id"])
    return None


def set_progress(job: Model, percent: int, stage: str, now: datetime) -> None:
    """Store progress (clamped to 0–99 while running) and the stage text; refreshes the heartbeat."""
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress=max(0, min(int(percent), 99)), stage=stage[:200], heartbeat_at=now)


def finish(job: Model, files: dict[str, str], now: datetime, **fields: object) -> None:
    """Mark done at 100 % with ``files`` (format → path relative to DATA_DIR) and extra ``fields``."""
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, stage="已完成", files=files, finished_at=now, heartbeat_at=now,
        error="", **fields)


def fail(job: Model, error: str, now: datetime) -> None:
    """Mark failed with a Chinese ``error``; progress stays where it stopped."""
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, stage="生成失败", error=error[:2000], finished_at=now, heartbeat_at=now)


def approve(bulletin_id: int, user_id: int | None, now: datetime) -> bool:
    """Approve a done, not yet approved bulletin (compare-and-set); False when it was not in that state."""
    return bool(Bulletin.objects.filter(id=bulletin_id, status=JobStatus.DONE, approved_at__isnull=True)
                .update(approved_by_id=user_id, approved_at=now))


def requeue(bulletin_id: int) -> bool:
    """Queue a failed or done, unapproved bulletin again; False for approved (frozen) or active ones."""
    return bool(Bulletin.objects.filter(id=bulletin_id, approved_at__isnull=True,
                                        status__in=(JobStatus.DONE, JobStatus.FAILED))
                .update(status=JobStatus.QUEUED, progress=0, stage="等待生成", error="", heartbeat_at=None))
