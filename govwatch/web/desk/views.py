"""Ticket pages of the desk area (/desk/): list with SLA state and remaining time, raise form, ticket page
with clocks, events and the progress-note / assignment forms. Scoped through the Actor (services.desk)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govwatch.core.clock import utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, UNIT, Actor
from govwatch.services.desk import clocks, tickets
from govwatch.web.desk.guard import client_ip, desk_view
from govwatch.web.errors import MAX_ID

PAGE_SIZE = 50
STATUS_FILTERS = {"open": "未关闭", "all": "全部", **tickets.STATUS_LABELS}


@desk_view
def ticket_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET: the actor's tickets (default: not closed), filter by status and kind, 50 a page."""
    actor.require(ADMIN, OPERATOR, UNIT)
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    qs = tickets.visible_tickets(actor).prefetch_related("clocks")
    if status == "open":
        qs = qs.exclude(status=tickets.CLOSED)
    elif status in tickets.STATUS_LABELS:
        qs = qs.filter(status=status)
    if kind in tickets.KINDS:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = utcnow()
    rows = [(t, clocks.worst(clocks.ticket_views(t, now))) for t in page.object_list]
    return render(request, "desk/list.html", {"page": page, "rows": rows, "status": status, "kind": kind,
                                              "statuses": STATUS_FILTERS.items(), "kinds": tickets.kinds()})


@desk_view
def ticket_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET: the raise form; POST: open the ticket (a unit user for its own unit only) and go to it."""
    actor.require(ADMIN, OPERATOR, UNIT)
    units = list(actor.units()) if actor.is_staff_side else []
    form = {"kind": "content", "title": "", "detail": "", "unit": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        unit_id = int(form["unit"]) if form["unit"].isascii() and form["unit"].isdigit() else None
        try:
            if unit_id is not None and not 1 <= unit_id <= MAX_ID:
                raise UsageError("责任单位编号无效（超出范围），请从列表中选择单位。")
            ticket = tickets.raise_ticket(actor, form["kind"], form["title"], form["detail"], unit_id,
                                          ip=client_ip(request))
        except UsageError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"工单 #{ticket.pk} 已提交")
            return redirect("desk:ticket", ticket.pk)
    return render(request, "desk/new.html", {"form": form, "units": units, "kinds": tickets.kinds()})


@desk_view
def ticket_page(request: HttpRequest, actor: Actor, ticket_id: int) -> HttpResponse:
    """GET: the ticket, its clocks and history; POST action=note (text, status) or action=assign (staff)."""
    ticket = tickets.ticket_for(actor, ticket_id)
    if request.method == "POST":
        try:
            _post(request, actor, ticket)
        except UsageError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("desk:ticket", ticket.pk)
    ticket = tickets.ticket_for(actor, ticket_id)
    context = {"ticket": ticket, "clocks": clocks.ticket_views(ticket, utcnow()),
               "events": ticket.events.select_related("actor"), "statuses": tickets.next_statuses(actor, ticket),
               "staff": tickets.staff_users() if actor.is_staff_side else [], "actor": actor}
    return render(request, "desk/ticket.html", context)


def _post(request: HttpRequest, actor: Actor, ticket: tickets.Ticket) -> None:
    if request.POST.get("action") == "assign":
        raw = request.POST.get("assignee", "").strip()
        if raw and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID):
            raise UsageError("指派的处理人不存在，请从列表中选择处理人")
        tickets.assign(actor, ticket, int(raw) if raw else None, ip=client_ip(request))
        messages.success(request, "已更新处理人")
        return
    tickets.add_note(actor, ticket, request.POST.get("text", ""), request.POST.get("status", ""),
                     ip=client_ip(request))
    messages.success(request, "已记录")
