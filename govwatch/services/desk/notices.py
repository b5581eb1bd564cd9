"""Who hears about a ticket's clocks and the one function that sends (services.notify, with its delivery
log): a warning goes to the assignee (else the people on duty now, else every operator); an escalation to
the bureau admins, the duty lead on duty now and the assignee. Recipients are the apprise URLs in their
Membership.notify_url; people without one are skipped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from govwatch.core.clock import CHINA_TZ
from govwatch.services import notify
from govwatch.services.access import ADMIN, OPERATOR
from govwatch.storage.desk.models import DutyShift, Ticket, TicketClock
from govwatch.storage.models import Membership


def send(recipients: Iterable[str], title: str, body: str, ticket: Ticket) -> int:
    """Send one message about ``ticket`` to ``recipients`` (apprise URLs); returns how many were delivered.
    The only place the desk sends from (delivery failures are logged by services.notify, never raised)."""
    rows = notify.send(list(recipients), title, body, obj=ticket)
    return sum(1 for row in rows if row.status == "sent")


def _urls(user_ids: Iterable[int | None]) -> list[str]:
    ids = [i for i in user_ids if i is not None]
    return list(Membership.objects.filter(user_id__in=ids).exclude(notify_url="").values_list("notify_url", flat=True))


def on_duty_user_ids(now: datetime, role: str = "") -> list[int]:
    """Users on a duty shift covering ``now`` (``role`` '' = any role)."""
    shifts = DutyShift.objects.filter(starts_at__lte=now, ends_at__gt=now)
    if role:
        shifts = shifts.filter(role=role)
    return list(shifts.values_list("people", flat=True).exclude(people=None).distinct())


def warning_recipients(ticket: Ticket, now: datetime) -> list[str]:
    """Apprise URLs to warn for ``ticket``: its assignee's, else those on duty, else every operator's."""
    for ids in ([ticket.assignee_id], on_duty_user_ids(now)):
        urls = _urls(ids)
        if urls:
            return urls
    return _role_urls(Q(role=OPERATOR))


def escalation_recipients(ticket: Ticket, now: datetime) -> list[str]:
    """Apprise URLs told of an escalation: bureau admins, the duty lead(s) on duty now, the assignee."""
    urls = _role_urls(Q(role=ADMIN)) + _urls(on_duty_user_ids(now, "lead")) + _urls([ticket.assignee_id])
    return list(dict.fromkeys(urls))


def _role_urls(condition: Q) -> list[str]:
    return list(Membership.objects.filter(condition).exclude(notify_url="").values_list("notify_url", flat=True))


def clock_message(clock: TicketClock, escalated: bool) -> tuple[str, str]:
    """(title, body) in Chinese for a warning (escalated False) or an escalation about ``clock``."""
    ticket = clock.ticket
    head = "工单超时升级" if escalated else "工单即将超时"
    due = clock.due_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    lines = [f"工单 #{ticket.pk}：{ticket.title}",
             f"类型：{ticket.get_kind_display()}；单位：{ticket.unit.name if ticket.unit else '—'}",
             f"时限：{clock.rule}",
             f"截止时间：{due}（北京时间）" + ("，已超时" if escalated else ""),
             f"当前状态：{ticket.get_status_display()}；处理人：{ticket.assignee or '未指派'}"]
    return f"{head}：#{ticket.pk} {ticket.title}"[:200], "\n".join(lines)
