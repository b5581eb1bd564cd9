"""Views of the rectify area (issue #4 §3): list, overdue list, create (from posted finding ids), notice
page, the unit's response, 复查, 关闭, attachment download. Each view checks the role (guard), calls one
service and renders; the services scope every row through the Actor."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from govwatch.core.errors import UsageError
from govwatch.services.access import Actor
from govwatch.services.rectification import notices, pages
from govwatch.services.rectification import states as st
from govwatch.services.rectification.recheck import recheck as run_recheck
from govwatch.services.rectification.uploads import Upload, check_size
from govwatch.web.errors import MAX_ID
from govwatch.web.rectify.forms import CloseForm, CreateForm, RespondForm
from govwatch.web.rectify.guard import client_ip, rectify_view, staff_or_unit


@require_GET
@rectify_view
def notice_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """整改通知 list (a unit user sees its unit's only); ``?status=`` filters."""
    status = request.GET.get("status", "")
    rows = pages.rows(actor, status)[:500]
    return render(request, "rectify/list.html", {"rows": rows, "status": status, "labels": st.NOTICE_LABELS,
                                                 "title": "整改通知", "staff": actor.is_staff_side})


@require_GET
@rectify_view
def overdue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Unfinished notices past their deadline."""
    rows = pages.overdue_rows(actor)[:500]
    return render(request, "rectify/list.html", {"rows": rows, "status": "", "labels": st.NOTICE_LABELS,
                                                 "title": "逾期整改通知", "overdue": True, "staff": actor.is_staff_side})


def _ids(request: HttpRequest) -> list[int]:
    """The posted ``finding`` ids; UsageError for one beyond a database id (1 … 2**63 − 1)."""
    ids = [int(v) for v in request.POST.getlist("finding") if v.isascii() and v.isdigit()]
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise UsageError("所选问题的编号无效（超出范围），请回到问题清单重新勾选。")
    return ids


@require_POST
@rectify_view
def create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """From the findings list/site page (``finding`` ids): show the form; with ``confirm``: create."""
    actor.require("admin", "operator")
    ids: list[int] = []
    form = CreateForm(request.POST if "confirm" in request.POST else None)
    days = form.cleaned_data["working_days"] if form.is_bound and form.is_valid() else 5
    try:
        ids = _ids(request)
        preview = pages.preview(actor, ids, days)
        if form.is_bound and form.is_valid():
            made = notices.create(actor, ids, working_days=days, note=form.cleaned_data["note"],
                                  recipients=form.recipient_list(), ip=client_ip(request))
            messages.success(request, "已下发整改通知：" + "、".join(r.number for r in made))
            return redirect(reverse("rectify:detail", args=[made[0].pk]) if len(made) == 1 else reverse("rectify:list"))
    except (UsageError, ValueError) as exc:
        return render(request, "rectify/create.html", {"error": str(exc), "ids": ids, "form": form}, status=400)
    return render(request, "rectify/create.html", {"preview": preview, "ids": ids, "form": form})


@require_GET
@rectify_view
def deadline(request: HttpRequest, actor: Actor) -> HttpResponse:
    """htmx: the deadline text for ``?working_days=N`` (staff)."""
    actor.require("admin", "operator")
    try:
        days = int(request.GET.get("working_days", "5"))
        when = pages.preview_deadline(days)
    except ValueError as exc:
        return HttpResponse(f'<span class="error">{exc if "工作日" in str(exc) else "请输入整数"}</span>')
    return render(request, "rectify/_deadline.html", {"deadline": when})


@require_GET
@rectify_view
def detail(request: HttpRequest, actor: Actor, rect_id: int) -> HttpResponse:
    """A notice's page: items with evidence, responses, history, delivery log, actions."""
    page = pages.notice_page(actor, rect_id)
    return render(request, "rectify/detail.html", {"p": page, "r": page.rect, "labels": st.NOTICE_LABELS,
                                                   "close_form": CloseForm()})


def _uploads(request: HttpRequest) -> list[Upload]:
    files = request.FILES.getlist("files")
    for f in files:
        check_size(f.name or "", f.size or 0)
    return [Upload(f.name or "", f.read()) for f in files]


@rectify_view
def respond(request: HttpRequest, actor: Actor, rect_id: int) -> HttpResponse:
    """The unit's answer form (GET) and submission (POST, multipart)."""
    page = pages.notice_page(actor, rect_id)
    if not actor.is_unit:
        raise notices.NotFound("只有本单位用户可以反馈")
    form = RespondForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            notices.respond(actor, rect_id, form.cleaned_data["text"], _uploads(request), ip=client_ip(request))
        except UsageError as exc:
            error = str(exc)
        else:
            messages.success(request, "整改反馈已提交")
            return redirect("rectify:detail", rect_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "rectify/respond.html", {"p": page, "r": page.rect, "form": form, "error": error},
                  status=status)


@require_POST
@rectify_view
def recheck(request: HttpRequest, actor: Actor, rect_id: int) -> HttpResponse:
    """复查 now (staff): re-scan the affected pages and judge each item."""
    actor.require("admin", "operator")
    notices.get(actor, rect_id)
    try:
        result = run_recheck(actor, rect_id)
    except UsageError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, result.line)
    return redirect("rectify:detail", rect_id)


@require_POST
@rectify_view
def close(request: HttpRequest, actor: Actor, rect_id: int) -> HttpResponse:
    """关闭 (办结) by hand (staff)."""
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        rect = notices.close(actor, rect_id, reason, ip=client_ip(request))
    except notices.NotFound:
        raise
    except UsageError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{rect.number} 已办结")
    return redirect("rectify:detail", rect_id)


@require_GET
@rectify_view
def attachment(request: HttpRequest, actor: Actor, attachment_id: int) -> HttpResponse:
    """Download a response's attachment (scoped, audited)."""
    staff_or_unit(actor)
    row = notices.attachment(actor, attachment_id, ip=client_ip(request))
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)
