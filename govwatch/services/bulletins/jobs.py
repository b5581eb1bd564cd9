"""Background generation of bulletins (通报) and stored-site reports (监测报告), their archive and downloads.

``request_bulletin`` / ``request_site_report`` queue a job; ``run_queued`` (the periodic job
``bulletins``, run by ``govwatch serve`` and Celery beat alike) claims queued jobs with compare-and-set and
generates their files under DATA_DIR (``bulletins/<period>/<id>/`` and ``reports/site-<id>/<period>/job-<id>/``),
storing progress (0–100 %) and a Chinese stage text as it goes. A job that fails ends ``failed`` with a
Chinese error; nothing propagates out of ``run_queued``.

Who may do what (decided here, tested in tests/web/test_bulletins*.py): bureau admins and operators
request, see and download everything; only a bureau admin approves (an approved bulletin is frozen);
a unit user sees and downloads approved bulletins whose scope is the city, a level, or its own unit, and
requests and downloads the 监测报告 of its own unit's sites only; proofreaders and outsiders nothing.
Every download is audited (``download``), every approval (``approve``), every request (``create``).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet

from govwatch.core.clock import utcnow
from govwatch.core.errors import GovwatchError, UsageError
from govwatch.reports.bulletin import FORMATS, write_bulletin
from govwatch.reports.bulletin.model import bulletin_title
from govwatch.reports.site_record_render import write_record_pdf, write_record_xlsx
from govwatch.services.access import ADMIN, OPERATOR, AccessDenied, Actor, audit
from govwatch.services.bulletins.build import build_bulletin, parse_scope, scope_label
from govwatch.services.bulletins.site_report import build_site_record
from govwatch.services.scores import resolve_period
from govwatch.storage.bulletins import jobs as q
from govwatch.storage.bulletins.models import Bulletin, JobStatus, ReportJob

log = logging.getLogger(__name__)
REPORT_FORMATS = ("pdf", "xlsx")
WORKER = f"{socket.gethostname()}:{os.getpid()}"


class NotFound(GovwatchError):
    """No such bulletin/report/file, or not visible to this user (never says which)."""


def data_dir() -> Path:
    """The platform's data folder (``settings.GOVWATCH.data_dir``)."""
    return Path(settings.GOVWATCH.data_dir)


# ------------------------------------------------------------------------------------------ requests

def request_bulletin(actor: Actor, period: str, scope: str = "city", doc_number: str = "", issuer: str = "",
                     now: datetime | None = None) -> Bulletin:
    """Queue a bulletin (admin or operator). UsageError for a bad period/scope; AccessDenied otherwise."""
    actor.require(ADMIN, OPERATOR)
    chosen, _ = resolve_period(period, now or utcnow())
    where = parse_scope(scope)
    label = scope_label(where)
    row = Bulletin.objects.create(period=chosen.label, scope=scope if scope != "全市" else "city", scope_label=label,
                                  title=bulletin_title(chosen.title, label), doc_number=doc_number.strip()[:100],
                                  issuer=issuer.strip()[:200], created_by_id=actor.user_id)
    audit(actor, "create", row, f"申请生成通报：{row.title}")
    return row


def request_site_report(actor: Actor, site_id: int, period: str | None = None,
                        now: datetime | None = None) -> ReportJob:
    """Queue a stored site's 监测报告 (staff, or a unit user for its own unit's sites). NotFound when the
    site is not visible to the actor; UsageError for a bad period."""
    site = actor.sites().filter(id=site_id).first()
    if site is None:
        raise NotFound("网站不存在或无权查看")
    chosen, _ = resolve_period(period, now or utcnow())
    job = ReportJob.objects.create(site=site, period=chosen.label, created_by_id=actor.user_id)
    audit(actor, "create", job, f"申请生成监测报告：{site.name} {chosen.label}")
    return job


# ------------------------------------------------------------------------------------------- running

def _relative(path: Path) -> str:
    return str(path.relative_to(data_dir()))


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        where = f"（{exc.filename}）" if exc.filename else ""
        return f"写入文件失败：{exc.strerror or exc}{where}。请检查数据目录是否存在且可写。"
    if isinstance(exc, GovwatchError):
        return str(exc)
    return f"生成时出现内部错误：{type(exc).__name__}: {exc}"


def run_bulletin(row: Bulletin, now: datetime | None = None) -> bool:
    """Generate a claimed (running) bulletin's files; True when done, False when it failed (the row says why)."""
    def progress(percent: int, stage: str) -> None:
        q.set_progress(row, percent, stage, utcnow())

    try:
        model = build_bulletin(row.period, row.scope, now=now, doc_number=row.doc_number, issuer=row.issuer,
                               progress=progress)
        folder = data_dir() / "bulletins" / row.period / str(row.pk)
        files = write_bulletin(model, folder, stem=f"bulletin-{row.period}-{row.pk}", progress=progress, start=40)
    except Exception as exc:  # a job never crashes the worker: it fails with a Chinese reason
        log.warning("通报 %s 生成失败", row.pk, exc_info=True)
        q.fail(row, _error_text(exc), utcnow())
        return False
    s = model.summary
    q.finish(row, {k: _relative(p) for k, p in files.items()}, utcnow(), title=model.title,
             doc_number=model.doc_number, issuer=model.issuer,
             summary={"sites": s.sites, "passed": s.passed, "failed": s.failed, "vetoed": s.vetoed,
                      "pass_rate": s.pass_rate, "problems": s.problems, "accounts": s.accounts})
    return True


def run_report_job(job: ReportJob, now: datetime | None = None) -> bool:
    """Generate a claimed site report job's pdf and xlsx; True when done, False when it failed."""
    try:
        q.set_progress(job, 10, "正在读取网站得分与问题", utcnow())
        record = build_site_record(job.site_id, job.period, now)
        folder = data_dir() / "reports" / f"site-{job.site_id}" / job.period / f"job-{job.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        q.set_progress(job, 40, "正在生成 PDF 文档", utcnow())
        pdf = write_record_pdf(record, folder / "report.pdf")
        q.set_progress(job, 80, "正在生成 Excel 表格", utcnow())
        xlsx = write_record_xlsx(record, folder / "report.xlsx")
    except Exception as exc:  # see run_bulletin
        log.warning("监测报告 %s 生成失败", job.pk, exc_info=True)
        q.fail(job, _error_text(exc), utcnow())
        return False
    q.finish(job, {"pdf": _relative(pdf), "xlsx": _relative(xlsx)}, utcnow())
    return True


def _run_one(now: datetime) -> bool | None:
    """Claim and run one job, bulletins first: True done, False failed, None when nothing was queued."""
    bulletin = q.claim_next(Bulletin, WORKER, utcnow())
    if bulletin is not None:
        return run_bulletin(bulletin, now)
    job = q.claim_next(ReportJob, WORKER, utcnow())
    return None if job is None else run_report_job(job, now)


def run_queued(now: datetime, limit: int = 3) -> str:
    """Periodic job: claim and generate up to ``limit`` queued bulletins and site reports, judged as of
    ``now`` (a finished period as of its end). Returns a Chinese log line ('' when there was nothing to do)."""
    done = failed = 0
    for _ in range(limit):
        ok = _run_one(now)
        if ok is None:
            break
        done, failed = done + ok, failed + (not ok)
    return f"通报与报告：生成完成 {done} 份，失败 {failed} 份" if done or failed else ""


# ----------------------------------------------------------------------------------- reading, approval

def visible_bulletins(actor: Actor) -> QuerySet[Bulletin]:
    """Bulletins the actor may see: all (staff), approved ones of the city, a level or its own unit (unit
    user), none (others)."""
    rows = Bulletin.objects.select_related("created_by", "approved_by")
    if actor.is_staff_side:
        return rows
    if actor.is_unit:
        return rows.filter(Q(scope="city") | Q(scope__startswith="level:") | Q(scope=f"unit:{actor.unit_id}"),
                           approved_at__isnull=False)
    return rows.none()


def visible_report_jobs(actor: Actor) -> QuerySet[ReportJob]:
    """Site report jobs of the sites the actor may see."""
    return actor.scope(ReportJob.objects.select_related("site", "site__unit", "created_by"), "site__unit_id")


def get_bulletin(actor: Actor, bulletin_id: int) -> Bulletin:
    """A visible bulletin; NotFound otherwise."""
    row = visible_bulletins(actor).filter(id=bulletin_id).first()
    if row is None:
        raise NotFound("通报不存在或无权查看")
    return row


def get_report_job(actor: Actor, job_id: int) -> ReportJob:
    """A visible site report job; NotFound otherwise."""
    row = visible_report_jobs(actor).filter(id=job_id).first()
    if row is None:
        raise NotFound("监测报告不存在或无权查看")
    return row


def approve_bulletin(actor: Actor, bulletin_id: int, ip: str | None = None, now: datetime | None = None) -> Bulletin:
    """Approve a generated bulletin (bureau admin only); it is frozen from then on. AccessDenied for
    others, UsageError when it is not done or already approved."""
    actor.require(ADMIN)
    row = get_bulletin(actor, bulletin_id)
    if not q.approve(row.pk, actor.user_id, now or utcnow()):
        raise UsageError("只有已生成且尚未审核的通报可以审核通过")
    audit(actor, "approve", row, f"审核通过通报：{row.title}", ip)
    row.refresh_from_db()
    return row


def regenerate_bulletin(actor: Actor, bulletin_id: int) -> Bulletin:
    """Queue an unapproved done/failed bulletin again (staff). UsageError when approved (frozen) or busy."""
    actor.require(ADMIN, OPERATOR)
    row = get_bulletin(actor, bulletin_id)
    if not q.requeue(row.pk):
        raise UsageError("已审核的通报不能重新生成；正在生成的通报请稍候")
    audit(actor, "change", row, f"重新生成通报：{row.title}")
    row.refresh_from_db()
    return row


def _file(files: dict[str, str], fmt: str) -> Path:
    relative = files.get(fmt)
    if not relative:
        raise NotFound("文件不存在")
    path = (data_dir() / relative).resolve()
    if data_dir().resolve() not in path.parents or not path.is_file():
        raise NotFound("文件不存在")
    return path


def bulletin_download(actor: Actor, bulletin_id: int, fmt: str, ip: str | None = None) -> tuple[Path, str]:
    """(path, download name) of a visible, generated bulletin's ``fmt`` file (docx/pdf/xlsx); audited.
    NotFound otherwise."""
    row = get_bulletin(actor, bulletin_id)
    if fmt not in FORMATS or row.status != JobStatus.DONE:
        raise NotFound("文件不存在")
    path = _file(row.files, fmt)
    audit(actor, "download", row, f"下载通报（{fmt}）：{row.title}", ip)
    return path, f"{row.title}.{fmt}"


def report_download(actor: Actor, job_id: int, fmt: str, ip: str | None = None) -> tuple[Path, str]:
    """(path, download name) of a visible site report's ``fmt`` file (pdf/xlsx); audited. NotFound otherwise."""
    job = get_report_job(actor, job_id)
    if fmt not in REPORT_FORMATS or job.status != JobStatus.DONE:
        raise NotFound("文件不存在")
    path = _file(job.files, fmt)
    audit(actor, "download", job, f"下载监测报告（{fmt}）：{job.site.name} {job.period}", ip)
    return path, f"{job.site.name}{job.period}监测报告.{fmt}"


__all__ = ["AccessDenied", "NotFound", "approve_bulletin", "bulletin_download", "get_bulletin", "get_report_job",
           "regenerate_bulletin", "report_download", "request_bulletin", "request_site_report", "run_bulletin",
           "run_queued", "run_report_job", "visible_bulletins", "visible_report_jobs"]
