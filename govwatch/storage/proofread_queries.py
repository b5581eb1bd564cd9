"""Queries of the proofreading service: knowledge-base versions (validated YAML), jobs, and the yearly
whole-site proofreading schedule claimed by compare-and-set (as ``storage.claims`` does for scans).

Claim: ``UPDATE proofreadschedule SET next_run_at = now + lease WHERE id = ? AND next_run_at = <read>``;
whoever updates first wins (SQLite serialises transactions; PostgreSQL re-checks the WHERE clause after
the first writer's row lock). A claim whose worker dies is due again when the lease expires.
Datetimes are timezone-aware UTC; ``lease`` in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.db.models import Max
from pydantic import BaseModel, ValidationError

from govwatch.proofread.kb import (
    DATA_DIR,
    Expressions,
    Institutions,
    KnowledgeBase,
    KnowledgeBaseError,
    Leaders,
    Sensitive,
    Whitelist,
)
from govwatch.storage.models import KnowledgeBaseFile, ProofreadJob, ProofreadSchedule, Site

KB_MODELS: dict[str, type[BaseModel]] = {"leaders": Leaders, "institutions": Institutions,
                                         "expressions": Expressions, "sensitive": Sensitive, "whitelist": Whitelist}


def _errors(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:8]:
        where = ".".join(str(p) for p in err.get("loc", ())) or "（顶层）"
        parts.append(f"字段 {where}：{err.get('msg', '')}")
    more = f"（另有 {exc.error_count() - 8} 处）" if exc.error_count() > 8 else ""
    return "；".join(parts) + more


def parse_kb_text(name: str, text: str) -> dict[str, Any]:
    """Validate the YAML ``text`` of knowledge-base file ``name`` (leaders, institutions, expressions,
    sensitive, whitelist) with the engine's pydantic model → its data mapping.

    Raises KnowledgeBaseError (Chinese, naming the file and the field) for an unknown name, text that is
    not YAML, a top level that is not a mapping, a field failing validation or a bad regex pattern.
    """
    model = KB_MODELS.get(name)
    if model is None:
        raise KnowledgeBaseError(f"未知的知识库文件「{name}」：应为 {'、'.join(KB_MODELS)} 之一")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"知识库文件 {name} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"知识库文件 {name} 的顶层应是一个映射（version …）")
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(f"知识库文件 {name} 校验失败：{_errors(exc)}") from exc
    for quoted in getattr(parsed, "quoted", ()):
        try:
            re.compile(quoted.pattern)
        except re.error as exc:
            raise KnowledgeBaseError(f"知识库文件 {name} 中「{quoted.term}」的正则表达式无效：{exc}") from exc
    return data


def bundled_text(name: str) -> str:
    """The text of the bundled file ``name`` (govwatch/proofread/data/<name>.yaml)."""
    return (DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def newest_approved() -> dict[str, KnowledgeBaseFile]:
    """{file name: its newest approved version} for the files that have one."""
    out: dict[str, KnowledgeBaseFile] = {}
    for row in KnowledgeBaseFile.objects.filter(approved=True).order_by("name", "-version"):
        out.setdefault(row.name, row)
    return out


def kb_signature() -> tuple[tuple[str, int], ...]:
    """(name, row id) of the newest approved versions — changes whenever the knowledge base in use does."""
    return tuple(sorted((name, row.id) for name, row in newest_approved().items()))


def build_kb(texts: dict[str, str]) -> KnowledgeBase:
    """A KnowledgeBase from {name: YAML text} (each validated; missing names → the bundled file).
    Raises KnowledgeBaseError."""
    data = {name: parse_kb_text(name, texts[name] if name in texts else bundled_text(name)) for name in KB_MODELS}
    try:
        return KnowledgeBase.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - each part was validated above
        raise KnowledgeBaseError(f"知识库校验失败：{_errors(exc)}") from exc


def next_kb_version(name: str) -> int:
    """1 + the highest version number of file ``name`` (1 for the first)."""
    top = KnowledgeBaseFile.objects.filter(name=name).aggregate(v=Max("version"))["v"]
    return (top or 0) + 1


# --- jobs -------------------------------------------------------------------------------------------

def start_job(*, kind: str, name: str, size: int, now: datetime, user_id: int | None = None,
              site_id: int | None = None) -> ProofreadJob:
    """A new job row (status running)."""
    return ProofreadJob.objects.create(kind=kind, name=name[:500], size=size, created_at=now, user_id=user_id,
                                       site_id=site_id, status=ProofreadJob.Status.RUNNING)


def finish_job(job: ProofreadJob, now: datetime, *, counts: dict[str, int], kb_version: str,
               result: dict[str, Any], outputs: dict[str, str]) -> ProofreadJob:
    """Mark ``job`` done with its counts, result and output files."""
    job.status, job.finished_at = ProofreadJob.Status.DONE, now
    job.counts, job.issues_total, job.kb_version = counts, sum(counts.values()), kb_version
    job.result, job.outputs = result, outputs
    job.save()
    return job


def add_outputs(job: ProofreadJob, files: dict[str, str]) -> None:
    """Merge ``files`` {kind: path} into the job's output files."""
    job.outputs = {**(job.outputs or {}), **files}
    job.save(update_fields=["outputs"])


def fail_job(job: ProofreadJob, now: datetime, error: str) -> ProofreadJob:
    """Mark ``job`` failed with ``error`` (Chinese, shown to the user)."""
    job.status, job.finished_at, job.error = ProofreadJob.Status.FAILED, now, error[:5000]
    job.save(update_fields=["status", "finished_at", "error"])
    return job


def jobs_of(user_id: int, limit: int = 100) -> list[ProofreadJob]:
    """The job history of one account, newest first."""
    return list(ProofreadJob.objects.filter(user_id=user_id).order_by("-created_at", "-id")[:limit])


# --- yearly schedule --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueProofread:
    """A due schedule with the ``next_run_at`` read (the compare-and-set operand)."""

    id: int
    site_id: int
    next_run_at: datetime


def ensure_schedules(now: datetime, spread_days: int = 30) -> int:
    """Create a yearly schedule for every active site without one; the first run is spread over
    ``spread_days`` days (site id modulo) so a new fleet is not re-crawled all at once. Returns rows made."""
    made = 0
    missing = Site.objects.filter(active=True, proofread_schedule__isnull=True).values_list("id", flat=True)
    for site_id in missing:
        try:
            with transaction.atomic():
                ProofreadSchedule.objects.create(site_id=site_id,
                                                 next_run_at=now + timedelta(days=site_id % max(spread_days, 1)))
                made += 1
        except IntegrityError:  # another process made it meanwhile
            continue
    return made


def due_proofreads(now: datetime, limit: int) -> list[DueProofread]:
    """Enabled schedules of active sites due at ``now``, oldest first."""
    rows = (ProofreadSchedule.objects.filter(enabled=True, site__active=True, next_run_at__lte=now)
            .order_by("next_run_at").values_list("id", "site_id", "next_run_at")[:limit])
    return [DueProofread(*row) for row in rows]


def claim_proofread(due: DueProofread, now: datetime, lease: float) -> bool:
    """Compare-and-set claim: True when this caller won (``next_run_at`` moved to ``now + lease``)."""
    with transaction.atomic():
        return ProofreadSchedule.objects.filter(id=due.id, next_run_at=due.next_run_at, enabled=True).update(
            next_run_at=now + timedelta(seconds=lease)) == 1


def finish_proofread(schedule_id: int, now: datetime, ok: bool, retry_seconds: float) -> None:
    """After a run: due again ``interval_days`` later (success) or ``retry_seconds`` later (failure)."""
    schedule = ProofreadSchedule.objects.filter(id=schedule_id).first()
    if schedule is None:
        return
    if ok:
        schedule.last_run_at, schedule.failures = now, 0
        schedule.next_run_at = now + timedelta(days=schedule.interval_days)
    else:
        schedule.failures += 1
        schedule.next_run_at = now + timedelta(seconds=retry_seconds)
    schedule.save(update_fields=["last_run_at", "failures", "next_run_at"])
