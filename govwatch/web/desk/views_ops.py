"""Desk pages beyond tickets: the SLA report per period, the duty roster (on duty now, the week, hand-over
notes, the shift page with its reading checklist) and the contract assessment per period."""

from __future__ import annotations

from datetime import date, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, Actor
from govwatch.services.desk import contract, duty, report, tickets
from govwatch.web.desk.guard import client_ip, desk_view


@desk_view
def sla_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET ?period=2026-11 | 2026-Q4 | 2026 (default this month): the SLA report of the actor's tickets."""
    raw = request.GET.get("period", "").strip()
    try:
        period = report.parse_period(raw) if raw else report.current_month()
    except UsageError as exc:
        messages.error(request, str(exc))
        period = report.current_month()
    result = report.sla_report(actor, period)
    names = [(n, report.CLOCK_NAMES[n]) for n in report.CLOCK_ORDER]
    return render(request, "desk/sla.html", {"report": result, "clock_names": names})


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return utcnow().astimezone(CHINA_TZ).date()


@desk_view
def duty_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET ?day=YYYY-MM-DD: on duty now, that day's week, recent hand-overs; POST: add a shift (staff)."""
    actor.require(ADMIN, OPERATOR)
    if request.method == "POST":
        try:
            _add_shift(request, actor)
        except (UsageError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, UsageError) else "日期或时间格式不正确")
        else:
            messages.success(request, "已添加值班班次")
            return redirect("desk:duty")
    day = _day(request.GET.get("day", ""))
    context = {"now_shifts": duty.on_duty(actor), "plan": duty.week_plan(actor, day), "day": day,
               "handovers": duty.recent_handovers(actor), "roles": duty.ROLES.items(),
               "staff": tickets.staff_users()}
    return render(request, "desk/duty.html", context)


def _add_shift(request: HttpRequest, actor: Actor) -> None:
    post = request.POST
    duty.add_shift(actor, date.fromisoformat(post.get("day", "")), time.fromisoformat(post.get("start", "")),
                   time.fromisoformat(post.get("end", "")), post.getlist("people"), post.get("role", "reader"),
                   post.get("note", ""))


@desk_view
def shift_page(request: HttpRequest, actor: Actor, shift_id: int) -> HttpResponse:
    """GET: the shift, its checklist and hand-over notes; POST action=tick (item, done, note) or
    action=handover (text)."""
    shift = duty.shift(actor, shift_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "handover":
                duty.hand_over(actor, shift, request.POST.get("text", ""))
            else:
                item = request.POST.get("item", "")
                if not item.isdigit() or not shift.checklist.filter(pk=int(item)).exists():
                    raise UsageError("清单项不存在")
                duty.tick(actor, int(item), request.POST.get("done") == "1", request.POST.get("note", ""))
        except UsageError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("desk:shift", shift.pk)
    context = {"shift": shift, "items": duty.checklist(actor, shift), "handovers": shift.handovers.select_related("author")}
    return render(request, "desk/shift.html", context)


@desk_view
def contract_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """GET ?period=: the period's deductions table (staff); POST: record a check result (bureau admins)."""
    if request.method == "POST":
        try:
            row = _record(request, actor)
        except UsageError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已录入")
            return redirect(f"{request.path}?period={row.period}")
    known = contract.periods(actor)
    period = request.GET.get("period", "").strip() or (known[0] if known else "")
    result = contract.assessment(actor, period)
    context = {"result": result, "periods": known, "period": period, "may_record": actor.is_admin,
               "accounts": actor.accounts().select_related("unit").order_by("name") if actor.is_admin else [],
               "tiers": contract.TIERS.items()}
    return render(request, "desk/contract.html", context)


def _record(request: HttpRequest, actor: Actor) -> contract.ContractCheck:
    post = request.POST
    raw_day = post.get("checked_on", "").strip()
    try:
        checked = date.fromisoformat(raw_day) if raw_day else None
    except ValueError as exc:
        raise UsageError("检查日期格式应为 YYYY-MM-DD") from exc
    account = post.get("account", "")
    return contract.record_check(actor, int(account) if account.isdigit() else 0, post.get("period", ""),
                                 post.get("points", ""), checked, post.get("source", ""), post.get("note", ""),
                                 ip=client_ip(request))
