"""SLA clock watch (issue #8 §1): warn when a clock is about to break (80 % of its span elapsed) and escalate
when it breaks — each exactly once, even with several machines running the periodic job, because the
warning and the escalation are claimed with compare-and-set on ``warned_at`` / ``broken_at``.

An escalation sets the ticket's ``escalated`` flag (and ``escalated_at`` the first time), writes a
TicketEvent and notifies the admins and duty lead (services.desk.notices); a warning writes a TicketEvent
and notifies the assignee. A clock first seen after its deadline escalates without a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from govwatch.core.clock import CHINA_TZ
from govwatch.services.desk import notices
from govwatch.storage.desk.models import OPEN_STATUSES, Ticket, TicketClock, TicketEvent

CLOCK_LABELS = dict(TicketClock.Name.choices)


@dataclass(frozen=True)
class ClockRun:
    """What one ``watch_clocks`` call did: warnings and escalations claimed and messages delivered."""

    warned: int
    escalated: int
    delivered: int


def watch_clocks(now: datetime) -> ClockRun:
    """Escalate every running clock past its deadline and warn every one past its warning time, once each.
    ``now``: aware datetime."""
    base = TicketClock.objects.filter(met_at=None, ticket__status__in=OPEN_STATUSES).select_related(
        "ticket", "ticket__unit", "ticket__assignee")
    escalated = warned = delivered = 0
    for clock in base.filter(broken_at=None, due_at__lte=now).order_by("due_at", "id"):
        if TicketClock.objects.filter(pk=clock.pk, broken_at=None, met_at=None).update(broken_at=now):
            escalated += 1
            delivered += _escalate(clock, now)
    for clock in base.filter(warned_at=None, broken_at=None, warn_at__lte=now, due_at__gt=now).order_by("due_at", "id"):
        if TicketClock.objects.filter(pk=clock.pk, warned_at=None, met_at=None).update(warned_at=now):
            warned += 1
            delivered += _warn(clock, now)
    return ClockRun(warned, escalated, delivered)


def _due_text(clock: TicketClock) -> str:
    return clock.due_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")


def _warn(clock: TicketClock, now: datetime) -> int:
    TicketEvent.objects.create(ticket=clock.ticket, at=now, kind="warn", actor_name="平台",
                               note=f"{CLOCK_LABELS[clock.name]}即将到期（截止 {_due_text(clock)}）：{clock.rule}")
    title, body = notices.clock_message(clock, escalated=False)
    return notices.send(notices.warning_recipients(clock.ticket, now), title, body, clock.ticket)


def _escalate(clock: TicketClock, now: datetime) -> int:
    ticket = clock.ticket
    Ticket.objects.filter(pk=ticket.pk, escalated_at=None).update(escalated_at=now)
    Ticket.objects.filter(pk=ticket.pk).update(escalated=True)
    ticket.refresh_from_db(fields=["escalated", "escalated_at"])
    TicketEvent.objects.create(ticket=ticket, at=now, kind="escalate", actor_name="平台",
                               note=f"{CLOCK_LABELS[clock.name]}已超时（截止 {_due_text(clock)}），已升级通知：{clock.rule}")
    title, body = notices.clock_message(clock, escalated=True)
    return notices.send(notices.escalation_recipients(ticket, now), title, body, ticket)
