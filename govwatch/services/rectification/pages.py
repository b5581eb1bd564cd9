"""What the rectification pages and the CLI show: the create preview, a notice's page, list rows.

Everything goes through ``notices.visible``/``get`` (scoped by the Actor)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet

from govwatch.core.clock import utcnow
from govwatch.services import notify
from govwatch.services.access import ADMIN, OPERATOR, UNIT, Actor
from govwatch.services.dashboard.evidence import Line, readable
from govwatch.services.persist import china_day
from govwatch.services.rectification import states as st
from govwatch.services.rectification.notices import get, overdue, pick_findings, visible
from govwatch.services.rectification.workdays import Deadline, add_working_days, working_days_left
from govwatch.storage.models import Finding
from govwatch.storage.rectify.models import (
    HistoryEvent,
    Notification,
    Rectification,
    RectificationItem,
    Response,
)


@dataclass(frozen=True)
class Preview:
    """The create form's content: the chosen findings by unit name, and the deadline they would get."""

    groups: list[tuple[str, list[Finding]]]
    deadline: Deadline

    @property
    def finding_ids(self) -> list[int]:
        return [f.pk for _, rows in self.groups for f in rows]


def preview(actor: Actor, finding_ids: Sequence[int], working_days: int, now: datetime | None = None) -> Preview:
    """Check the selection as ``notices.create`` will (staff only; UsageError, ValueError) without writing."""
    actor.require(ADMIN, OPERATOR)
    deadline = add_working_days(china_day(now or utcnow()), working_days)
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for f in pick_findings(actor, finding_ids):
        by_unit[f.site.unit.name].append(f)
    return Preview(sorted(by_unit.items()), deadline)


def rows(actor: Actor, status: str = "") -> QuerySet[Rectification]:
    """Visible notices for the list (newest first) with item counts ``n_items``/``n_fixed``; ``status``
    filters by a status value ('' = all)."""
    actor.require(ADMIN, OPERATOR, UNIT)
    qs = visible(actor).annotate(n_items=Count("items"), n_fixed=Count("items", filter=Q(items__status="fixed")))
    return qs.filter(status=status) if status in st.NOTICE_LABELS else qs


def overdue_rows(actor: Actor, now: datetime | None = None) -> QuerySet[Rectification]:
    """``notices.overdue`` with the list's item counts."""
    actor.require(ADMIN, OPERATOR, UNIT)
    return overdue(actor, now).annotate(n_items=Count("items"),
                                        n_fixed=Count("items", filter=Q(items__status="fixed")))


@dataclass(frozen=True)
class Delivery:
    """One delivery log line with the recipient masked."""

    row: Notification
    recipient: str


@dataclass(frozen=True)
class ItemRow:
    """An item with its finding's evidence as readable lines (services.dashboard.evidence)."""

    item: RectificationItem
    evidence: list[Line]


@dataclass(frozen=True)
class HistoryRow:
    """A history event with its statuses in Chinese ('' when unchanged)."""

    event: HistoryEvent
    change: str


def _history_row(event: HistoryEvent) -> HistoryRow:
    if event.from_status == event.to_status:
        return HistoryRow(event, "")
    before = st.STATUS_LABELS.get(event.from_status, "—") if event.from_status else "—"
    return HistoryRow(event, f"{before} → {st.STATUS_LABELS.get(event.to_status, event.to_status)}")


@dataclass(frozen=True)
class NoticePage:
    """A notice with its items (and findings), responses (and attachments), history and delivery log;
    ``days_left`` working days to the deadline (0 on/after it), ``overdue`` past it and unfinished."""

    rect: Rectification
    items: list[ItemRow]
    responses: list[Response]
    history: list[HistoryRow]
    deliveries: list[Delivery]
    days_left: int
    overdue: bool
    may_respond: bool
    may_manage: bool


def notice_page(actor: Actor, rect_id: int, today: date | None = None) -> NoticePage:
    """The page of one visible notice (AccessDenied for proofreader/outsider, NotFound outside the scope)."""
    actor.require(ADMIN, OPERATOR, UNIT)
    rect = get(actor, rect_id)
    day = today or china_day(utcnow())
    items = [ItemRow(i, readable(i.finding.evidence)) for i in rect.items.select_related("finding__site", "recheck_run")]
    responses = list(rect.responses.prefetch_related("attachments"))
    history = [_history_row(e) for e in rect.history.all()]
    deliveries = [Delivery(n, notify.masked(n.recipient)) for n in notify.log_for(rect)]
    active = rect.status != st.CLOSED
    return NoticePage(rect, items, responses, history, deliveries, working_days_left(day, rect.deadline),
                      active and day > rect.deadline, active and actor.is_unit,
                      actor.is_staff_side and active and rect.status != st.RECHECKING)


def preview_deadline(working_days: int, now: datetime | None = None) -> Deadline:
    """The deadline a notice issued now would get (ValueError outside 1–60)."""
    return add_working_days(china_day(now or utcnow()), working_days)
