"""Views of the bulletins area (issue #4 §4): the 通报 archive, 生成通报 (staff), the job page with a progress
bar (htmx polls a fragment every second; without JavaScript the page refreshes itself), downloads, approval
(bureau admin) and stored-site 监测报告. Views check permissions through the Actor, call
``services.bulletins.jobs`` and render; the access rules themselves live in that service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, AccessDenied, Actor
from govwatch.services.bulletins import jobs
from govwatch.storage.bulletins.models import JobStatus
from govwatch.web.bulletins.forms import BulletinForm, SiteReportForm
from govwatch.web.guard import area_view, client_ip

View = Callable[..., HttpResponse]
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


guarded = area_view("bulletins/forbidden.html", (jobs.NotFound,))


def _require_fleet_user(actor: Actor) -> None:
    if not (actor.is_staff_side or actor.is_unit):
        raise AccessDenied("当前账号无权查看通报与监测报告")


@guarded
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """通报 archive and the recent 监测报告 jobs the actor may see."""
    _require_fleet_user(actor)
    return render(request, "bulletins/index.html", {
        "bulletins": jobs.visible_bulletins(actor)[:200], "reports": jobs.visible_report_jobs(actor)[:50],
        "can_create": actor.is_staff_side})


@guarded
def create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """生成通报 form (admin, operator); POST queues the job and opens its page."""
    actor.require(ADMIN, OPERATOR)
    form = BulletinForm(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = jobs.request_bulletin(actor, form.cleaned_data["period"], form.cleaned_data["scope"],
                                        form.cleaned_data["doc_number"], form.cleaned_data["issuer"])
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("bulletins:detail", bulletin_id=row.pk)
    return render(request, "bulletins/create.html", {"form": form})


@guarded
def detail(request: HttpRequest, actor: Actor, bulletin_id: int) -> HttpResponse:
    """The bulletin's page: progress while generating, then downloads, approval and regeneration."""
    row = jobs.get_bulletin(actor, bulletin_id)
    return render(request, "bulletins/detail.html", {"b": row, "active": row.status in ACTIVE,
                                                     "can_approve": actor.is_admin and row.status == JobStatus.DONE
                                                     and not row.approved,
                                                     "can_regenerate": actor.is_staff_side and not row.approved
                                                     and row.status not in ACTIVE})


def _progress(request: HttpRequest, job: Any, url: str) -> HttpResponse:
    response = render(request, "bulletins/_progress.html", {"job": job, "active": job.status in ACTIVE, "url": url})
    if job.status not in ACTIVE and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # finished: reload the page to show the downloads
    return response


@guarded
def progress(request: HttpRequest, actor: Actor, bulletin_id: int) -> HttpResponse:
    """The progress fragment (htmx polls it every second while the job is queued or running)."""
    return _progress(request, jobs.get_bulletin(actor, bulletin_id), request.path)


@guarded
def download(request: HttpRequest, actor: Actor, bulletin_id: int, fmt: str) -> HttpResponse:
    """A bulletin file (docx/pdf/xlsx) as an attachment; audited."""
    path, name = jobs.bulletin_download(actor, bulletin_id, fmt, client_ip(request))
    return _file_response(path, name)


@require_POST
@guarded
def approve(request: HttpRequest, actor: Actor, bulletin_id: int) -> HttpResponse:
    """审核通过 (bureau admin): the bulletin is frozen and visible to the units."""
    try:
        jobs.approve_bulletin(actor, bulletin_id, client_ip(request))
        messages.success(request, "通报已审核通过，各单位可查看和下载。")
    except UsageError as exc:
        messages.error(request, str(exc))
    return redirect("bulletins:detail", bulletin_id=bulletin_id)


@require_POST
@guarded
def regenerate(request: HttpRequest, actor: Actor, bulletin_id: int) -> HttpResponse:
    """重新生成 an unapproved bulletin (staff)."""
    try:
        jobs.regenerate_bulletin(actor, bulletin_id)
        messages.success(request, "已重新排队生成。")
    except UsageError as exc:
        messages.error(request, str(exc))
    return redirect("bulletins:detail", bulletin_id=bulletin_id)


@guarded
def report_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """生成监测报告 of a site the actor may see (``?site=<id>`` preselects it)."""
    _require_fleet_user(actor)
    form = SiteReportForm(actor, request.POST or None, initial={"site": request.GET.get("site")})
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.request_site_report(actor, form.cleaned_data["site"], form.cleaned_data["period"] or None)
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("bulletins:report", job_id=job.pk)
    return render(request, "bulletins/report_create.html", {"form": form})


@guarded
def report(request: HttpRequest, actor: Actor, job_id: int) -> HttpResponse:
    """A 监测报告 job's page: progress, then downloads."""
    job = jobs.get_report_job(actor, job_id)
    return render(request, "bulletins/report.html", {"job": job, "active": job.status in ACTIVE})


@guarded
def report_progress(request: HttpRequest, actor: Actor, job_id: int) -> HttpResponse:
    """The progress fragment of a 监测报告 job."""
    return _progress(request, jobs.get_report_job(actor, job_id), request.path)


@guarded
def report_download(request: HttpRequest, actor: Actor, job_id: int, fmt: str) -> HttpResponse:
    """A 监测报告 file (pdf/xlsx) as an attachment; audited."""
    path, name = jobs.report_download(actor, job_id, fmt, client_ip(request))
    return _file_response(path, name)


def _file_response(path: Any, name: str) -> HttpResponse:
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
