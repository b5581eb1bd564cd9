"""SLA report (工单时限报表, issue #8 §1) for a period: tickets raised in it, by kind, with each clock's
outcome — met in time, met late, overdue (unmet, past due) or running — and the compliance rate
(met in time ÷ decided clocks, where decided = met, or overdue at the report time). Scoped by the Actor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, UNIT, Actor
from govwatch.services.desk import clocks
from govwatch.services.desk.tickets import KINDS, visible_tickets
from govwatch.storage.desk.models import TicketClock

CLOCK_NAMES = dict(TicketClock.Name.choices)
CLOCK_ORDER = ("respond", "resolve", "progress")


@dataclass(frozen=True)
class Period:
    """[start, end) as Beijing dates; ``label`` as typed (2026-11, 2026-Q4, 2026)."""

    label: str
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes of 00:00 Beijing on start and end."""
        return (datetime.combine(self.start, time(0), tzinfo=CHINA_TZ),
                datetime.combine(self.end, time(0), tzinfo=CHINA_TZ))


def parse_period(text: str) -> Period:
    """``2026-11`` (month), ``2026-Q4`` (quarter) or ``2026`` (year) → Period; UsageError otherwise."""
    raw = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            end = date(year + month // 12, month % 12 + 1, 1)
            return Period(f"{year}-{month:02d}", date(year, month, 1), end)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", raw):
        year, q = int(m[1]), int(m[2])
        end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
        return Period(f"{year}-Q{q}", date(year, 3 * q - 2, 1), end)
    if re.fullmatch(r"\d{4}", raw):
        return Period(raw, date(int(raw), 1, 1), date(int(raw) + 1, 1, 1))
    raise UsageError(f"无法识别的统计周期 {text!r}：请写作 2026-11、2026-Q4 或 2026")


def current_month(now: datetime | None = None) -> Period:
    """The Beijing calendar month of ``now``."""
    day = (now or utcnow()).astimezone(CHINA_TZ).date()
    return parse_period(f"{day.year}-{day.month}")


@dataclass
class ClockTally:
    """Outcomes of one clock (respond/resolve/progress) over the period's tickets of one kind."""

    name: str
    met: int = 0
    late: int = 0
    overdue: int = 0
    running: int = 0

    @property
    def label(self) -> str:
        """Chinese clock name."""
        return CLOCK_NAMES.get(self.name, self.name)

    @property
    def rate(self) -> float | None:
        """Met in time ÷ decided (met + late + overdue), 0–1; None when nothing is decided yet."""
        decided = self.met + self.late + self.overdue
        return self.met / decided if decided else None

    @property
    def rate_text(self) -> str:
        """98.5% / —."""
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass
class KindRow:
    """One ticket kind: counts and a tally per clock."""

    kind: str
    raised: int = 0
    resolved: int = 0
    closed: int = 0
    escalated: int = 0
    tallies: dict[str, ClockTally] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Chinese kind name."""
        return KINDS.get(self.kind, self.kind)

    @property
    def ordered(self) -> list[ClockTally | None]:
        """Tallies in CLOCK_ORDER (None where this kind has no such clock)."""
        return [self.tallies.get(name) for name in CLOCK_ORDER]


@dataclass(frozen=True)
class SlaReport:
    """The report: ``rows`` per kind (kinds with no tickets left out), ``total`` over all kinds."""

    period: Period
    at: datetime
    rows: tuple[KindRow, ...]
    total: KindRow


def sla_report(actor: Actor, period: Period, now: datetime | None = None) -> SlaReport:
    """Tally the tickets ``actor`` may see raised in ``period``; clock outcomes judged at ``now``.
    AccessDenied for proofreaders and outsiders."""
    actor.require(ADMIN, OPERATOR, UNIT)
    moment = now or utcnow()
    start, end = period.bounds()
    tickets = visible_tickets(actor).filter(raised_at__gte=start, raised_at__lt=end)
    rows: dict[str, KindRow] = {}
    total = KindRow("all")
    for ticket in tickets.prefetch_related("clocks"):
        for row in (rows.setdefault(ticket.kind, KindRow(ticket.kind)), total):
            _count(row, ticket.status, ticket.escalated, list(ticket.clocks.all()), moment)
    ordered = tuple(rows[k] for k in KINDS if k in rows)
    return SlaReport(period, moment, ordered, total)


def _count(row: KindRow, status: str, escalated: bool, ticket_clocks: list[TicketClock], now: datetime) -> None:
    row.raised += 1
    row.resolved += status in ("resolved", "closed")
    row.closed += status == "closed"
    row.escalated += escalated
    for clock in ticket_clocks:
        tally = row.tallies.setdefault(clock.name, ClockTally(clock.name))
        state = clocks.state_of(clock, now)
        if state == clocks.MET:
            tally.met += 1
        elif state == clocks.MET_LATE:
            tally.late += 1
        elif state == clocks.BROKEN:
            tally.overdue += 1
        else:
            tally.running += 1


def period_days(period: Period) -> int:
    """Days in the period."""
    return (period.end - period.start) // timedelta(days=1)
