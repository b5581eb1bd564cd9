"""Tickets (工单, issue #8 §1): opening (by a unit, by staff, or by the platform from a probe, a veto finding
or the reprint watch), progress notes, status changes and assignment, all scoped through the Actor.

Shapes:
- ``Ticket`` (storage.desk): kind fault/content/security/consult, status new → responded → in_progress →
  resolved → closed, ``unit`` (None = no unit, e.g. a platform-wide fault), ``source`` manual / probe /
  finding / reprint / other and ``source_ref`` (free text, e.g. ``site:12``, ``finding:345``,
  ``reprint:<item id>``), timestamps ``raised_at``/``responded_at``/``resolved_at``/``closed_at``.
- Every ticket has SLA clocks (services.desk.policy, services.desk.clocks) started when it opens.

Other areas open tickets with ``open_ticket`` (no Actor: it is the platform speaking); web forms use
``raise_ticket`` (scoped: a unit user only for its own unit).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from govwatch.core.clock import utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, UNIT, AccessDenied, Actor, audit
from govwatch.services.desk import clocks, policy
from govwatch.storage.desk.models import OPEN_STATUSES, Ticket, TicketEvent
from govwatch.storage.models import Unit

NEW, RESPONDED, IN_PROGRESS, RESOLVED, CLOSED = "new", "responded", "in_progress", "resolved", "closed"
CREATED, NOTE, STATUS, ASSIGN = "created", "note", "status", "assign"  # TicketEvent.Kind values
MAX_TITLE, MAX_DETAIL, MAX_NOTE = 200, 20000, 5000
"""Longest ticket title, detail and progress note accepted from people (characters)."""
KINDS = dict(Ticket.Kind.choices)
STATUS_LABELS = dict(Ticket.Status.choices)
SOURCE_LABELS = dict(Ticket.Source.choices)
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    NEW: (RESPONDED, IN_PROGRESS, RESOLVED, CLOSED),
    RESPONDED: (IN_PROGRESS, RESOLVED, CLOSED),
    IN_PROGRESS: (RESOLVED, CLOSED),
    RESOLVED: (IN_PROGRESS, CLOSED),
    CLOSED: (),
}
"""Allowed status changes; resolved → in_progress reopens (the resolve clock runs again)."""
UNIT_STATUSES = (IN_PROGRESS, CLOSED)
"""A unit user may only confirm (close) or reopen (in_progress) its own resolved ticket."""


def open_ticket(kind: str, title: str, detail: str, unit: Unit | int | None = None, source: str = "",
                source_ref: str = "", now: datetime | None = None, *, raised_by: Any = None,
                priority: str = "", assignee: Any = None) -> Ticket:
    """Open a ticket and start its SLA clocks; returns it.

    ``kind``: 'fault' | 'content' | 'security' | 'consult' (UsageError otherwise). ``title`` ≤ 200 chars
    (longer is cut), ``detail`` free text. ``unit``: Unit, unit id or None. ``source``: 'manual' (default
    when ''), 'probe', 'finding', 'reprint', 'other'. ``source_ref``: what in the source it is about.
    Idempotent on (source, source_ref) while a ticket with that pair is open (status ≠ closed): the open
    ticket is returned unchanged (an empty ``source_ref`` never de-duplicates). ``now``: aware datetime
    (default the current time), the moment the clocks start. ``raised_by``/``assignee``: Django users or
    None; ``priority``: low/normal/high/urgent ('' = urgent for faults, normal otherwise)."""
    if kind not in KINDS:
        raise UsageError(f"未知工单类型 {kind!r}：可选 {', '.join(KINDS)}")
    moment, source = now or utcnow(), source or "manual"
    if source_ref:
        existing = _open_with(source, source_ref)
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return _create(kind, title, detail, unit, source, source_ref, moment, raised_by, priority, assignee)
    except IntegrityError:
        existing = _open_with(source, source_ref) if source_ref else None
        if existing is None:
            raise
        return existing  # another machine opened it between our look-up and our insert


def _open_with(source: str, source_ref: str) -> Ticket | None:
    return Ticket.objects.filter(source=source, source_ref=source_ref, status__in=OPEN_STATUSES).first()


def _create(kind: str, title: str, detail: str, unit: Unit | int | None, source: str, source_ref: str,
            moment: datetime, raised_by: Any, priority: str, assignee: Any) -> Ticket:
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    ticket = Ticket.objects.create(
        kind=kind, title=title[:200], detail=detail, unit_id=unit_id, source=source, source_ref=source_ref[:200],
        priority=priority or ("urgent" if kind == "fault" else "normal"),
        raised_by=raised_by, assignee=assignee, raised_at=moment, last_progress_at=None)
    who = raised_by.get_username() if raised_by is not None else "平台"
    _event(ticket, moment, CREATED, raised_by, f"{who}提交工单（{SOURCE_LABELS.get(source, source)}）")
    clocks.start_clocks(ticket, moment)
    return ticket


def _event(ticket: Ticket, at: datetime, kind: str, user: Any, note: str, from_status: str = "",
           to_status: str = "") -> TicketEvent:
    return TicketEvent.objects.create(ticket=ticket, at=at, kind=kind, actor=user,
                                      actor_name=user.get_username() if user is not None else "平台",
                                      from_status=from_status, to_status=to_status, note=note)


def raise_ticket(actor: Actor, kind: str, title: str, detail: str, unit_id: int | None = None,
                 now: datetime | None = None, ip: str | None = None) -> Ticket:
    """A ticket raised through the web form or CLI by ``actor``: a unit user only for its own unit (the
    unit is forced to theirs; another unit id → AccessDenied), staff for any unit or none. Proofreaders and
    outsiders → AccessDenied. Blank title, a title over ``MAX_TITLE`` or a detail over ``MAX_DETAIL``
    characters → UsageError."""
    actor.require(ADMIN, OPERATOR, UNIT)
    if actor.is_unit:
        if unit_id not in (None, actor.unit_id):
            raise AccessDenied("主办单位用户只能为本单位提交工单")
        unit_id = actor.unit_id
    if not title.strip():
        raise UsageError("请填写工单标题")
    _limit("工单标题", title.strip(), MAX_TITLE)
    _limit("工单详情", detail.strip(), MAX_DETAIL)
    ticket = open_ticket(kind, title.strip(), detail.strip(), unit_id, "manual", "", now, raised_by=_user(actor))
    audit(actor, "create", ticket, f"提交工单：{ticket.title}", ip)
    return ticket


def _limit(what: str, text: str, most: int) -> None:
    if len(text) > most:
        raise UsageError(f"{what}最多 {most:,} 个字，当前 {len(text):,} 个字，请精简后再提交")


def _user(actor: Actor) -> Any:
    return get_user_model().objects.filter(pk=actor.user_id).first() if actor.user_id else None


def visible_tickets(actor: Actor) -> QuerySet[Ticket]:
    """The tickets ``actor`` may see: staff all, a unit user its unit's, others none (newest first)."""
    if actor.role not in (ADMIN, OPERATOR, UNIT):
        return Ticket.objects.none()
    return actor.scope(Ticket.objects.select_related("unit", "assignee"), "unit_id")


def ticket_for(actor: Actor, ticket_id: int) -> Ticket:
    """The ticket ``ticket_id`` if ``actor`` may see it; AccessDenied for proofreaders/outsiders and
    Ticket.DoesNotExist when it is not among the actor's tickets (a 404, never a hint it exists)."""
    actor.require(ADMIN, OPERATOR, UNIT)
    return visible_tickets(actor).get(pk=ticket_id)


def add_note(actor: Actor, ticket: Ticket, text: str, status: str = "", now: datetime | None = None,
             ip: str | None = None) -> TicketEvent:
    """Add a progress note (进展说明) by ``actor`` to ``ticket``, optionally changing its status.

    A staff note counts as progress (meets the 24-hour progress window, starts the next) and, on a new
    ticket, as the response (status → responded, respond clock met). Status changes follow
    NEXT_STATUSES; unit users may only close or reopen their own resolved ticket. Raises AccessDenied or
    UsageError (empty note without a status change, a note over ``MAX_NOTE`` characters, a change not
    allowed)."""
    moment = now or utcnow()
    ticket_for(actor, ticket.pk)
    text = text.strip()
    if not text and not status:
        raise UsageError("请填写进展说明")
    _limit("进展说明", text, MAX_NOTE)
    if status and status != ticket.status:
        event = _change(actor, ticket, status, text, moment)
        audit(actor, "change", ticket, f"工单状态改为“{STATUS_LABELS[status]}”", ip)
        return event
    if actor.is_staff_side and ticket.status == NEW:
        return _change(actor, ticket, RESPONDED, text, moment)
    event = _event(ticket, moment, NOTE, _user(actor), text)
    if actor.is_staff_side:
        _progress(ticket, moment)
    return event


def _change(actor: Actor, ticket: Ticket, status: str, text: str, moment: datetime) -> TicketEvent:
    if status not in NEXT_STATUSES.get(ticket.status, ()):
        raise UsageError(f"工单状态不能从“{STATUS_LABELS[ticket.status]}”改为“{STATUS_LABELS.get(status, status)}”")
    if not actor.is_staff_side and not (ticket.status == RESOLVED and status in UNIT_STATUSES):
        raise AccessDenied("主办单位用户只能确认关闭或重新打开已解决的工单")
    old = ticket.status
    _apply_status(ticket, old, status, moment)
    note = text or f"状态由“{STATUS_LABELS[old]}”改为“{STATUS_LABELS[status]}”"
    event = _event(ticket, moment, STATUS, _user(actor), note, old, status)
    if actor.is_staff_side or status == CLOSED:
        _progress(ticket, moment)
    return event


def _apply_status(ticket: Ticket, old: str, status: str, moment: datetime) -> None:
    ticket.status = status
    if ticket.responded_at is None:
        ticket.responded_at = moment
        clocks.meet(ticket, policy.RESPOND, moment)
    if status in (RESOLVED, CLOSED) and ticket.resolved_at is None:
        ticket.resolved_at = moment
        clocks.meet(ticket, policy.RESOLVE, moment)
    if old == RESOLVED and status == IN_PROGRESS:
        ticket.resolved_at = None
        clocks.reopen(ticket, policy.RESOLVE)
    if status == CLOSED:
        ticket.closed_at = moment
    ticket.save(update_fields=["status", "responded_at", "resolved_at", "closed_at"])


def _progress(ticket: Ticket, moment: datetime) -> None:
    ticket.last_progress_at = moment
    ticket.save(update_fields=["last_progress_at"])
    clocks.progress(ticket, moment)


def assign(actor: Actor, ticket: Ticket, assignee_id: int | None, now: datetime | None = None,
           ip: str | None = None) -> TicketEvent:
    """Staff assign ``ticket`` to the user ``assignee_id`` (an admin or operator; None = nobody).
    AccessDenied for others; UsageError when the user does not exist or is not staff."""
    actor.require(ADMIN, OPERATOR)
    user = None
    if assignee_id is not None:
        found = get_user_model().objects.filter(pk=assignee_id).first()
        if found is None:
            raise UsageError(f"没有编号为 {assignee_id} 的用户，无法指派，请从列表中选择处理人")
        user = get_user_model().objects.filter(pk=assignee_id, membership__role__in=(ADMIN, OPERATOR)).first()
        if user is None:
            raise UsageError("只能指派给监管方管理员或运维人员")
    ticket.assignee = user
    ticket.save(update_fields=["assignee"])
    name = user.get_username() if user is not None else "（无）"
    audit(actor, "change", ticket, f"工单指派给 {name}", ip)
    return _event(ticket, now or utcnow(), ASSIGN, _user(actor), f"指派给 {name}")


def staff_users() -> list[Any]:
    """Admins and operators, by username (the assignee choices)."""
    return list(get_user_model().objects.filter(membership__role__in=(ADMIN, OPERATOR), is_active=True)
                .order_by("username"))


def next_statuses(actor: Actor, ticket: Ticket) -> list[tuple[str, str]]:
    """(status, Chinese label) pairs ``actor`` may move ``ticket`` to now."""
    allowed = NEXT_STATUSES.get(ticket.status, ())
    if not actor.is_staff_side:
        allowed = tuple(s for s in allowed if ticket.status == RESOLVED and s in UNIT_STATUSES)
    return [(s, STATUS_LABELS[s]) for s in allowed]


def kinds() -> list[tuple[str, str]]:
    """(kind, Chinese label) pairs."""
    return list(KINDS.items())
