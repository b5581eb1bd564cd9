"""Starting, meeting and reading a ticket's SLA clocks (rules in services.desk.policy).

Clock rows (storage.desk TicketClock) are created when a ticket opens: its kind's respond/resolve clocks
and progress window 0. ``meet`` stamps ``met_at`` (late or not); a staff progress note meets the running
progress window and starts the next one, so each 24-hour window can break (and escalate) once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from govwatch.services.desk import policy
from govwatch.storage.desk.models import Ticket, TicketClock

OK, WARNING, BROKEN, MET, MET_LATE = "ok", "warning", "broken", "met", "met_late"
STATE_LABELS = {OK: "正常", WARNING: "即将超时", BROKEN: "已超时", MET: "按时完成", MET_LATE: "超时完成"}
STATE_COLOURS = {OK: "green", WARNING: "orange", BROKEN: "red", MET: "grey", MET_LATE: "darkred"}


def start_clocks(ticket: Ticket, now: datetime) -> list[TicketClock]:
    """Create the clocks of a just-opened ``ticket`` (started at ``now``); returns them."""
    return [_new_clock(ticket, rule, now, 0) for rule in policy.rules_for(ticket.kind)]


def _new_clock(ticket: Ticket, rule: policy.ClockRule, start: datetime, seq: int) -> TicketClock:
    due = rule.due(start)
    return TicketClock.objects.create(ticket=ticket, name=rule.name, seq=seq, rule=rule.label, started_at=start,
                                      due_at=due, warn_at=policy.warn_time(start, due))


def meet(ticket: Ticket, name: str, now: datetime) -> int:
    """Stamp every running clock ``name`` of ``ticket`` as met at ``now``; returns how many."""
    return TicketClock.objects.filter(ticket=ticket, name=name, met_at__isnull=True).update(met_at=now)


def reopen(ticket: Ticket, name: str) -> int:
    """Let a met clock run again (a resolved ticket reopened): clears ``met_at`` of clock ``name``."""
    return TicketClock.objects.filter(ticket=ticket, name=name).exclude(met_at=None).update(met_at=None)


def progress(ticket: Ticket, now: datetime) -> TicketClock | None:
    """A staff progress note at ``now``: meet the running progress window and, unless the ticket is
    closed, start the next 24-hour one (returned)."""
    last = TicketClock.objects.filter(ticket=ticket, name=policy.PROGRESS).order_by("-seq").first()
    meet(ticket, policy.PROGRESS, now)
    if ticket.status == "closed":
        return None
    seq = last.seq + 1 if last is not None else 0
    return _new_clock(ticket, policy.PROGRESS_RULE, now, seq)


@dataclass(frozen=True)
class ClockView:
    """A clock as the list and ticket pages show it: ``state`` one of ok/warning/broken/met/met_late,
    ``remaining`` seconds to the deadline (negative = overdue; None once met), Chinese ``label``."""

    name: str
    rule: str
    due_at: datetime
    state: str
    remaining: float | None
    met_at: datetime | None

    @property
    def state_label(self) -> str:
        """Chinese state name."""
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        """CSS colour of the state."""
        return STATE_COLOURS[self.state]

    @property
    def remaining_text(self) -> str:
        """剩余 2小时5分 / 超时 1天3小时 / '' once met."""
        if self.remaining is None:
            return ""
        return ("剩余 " if self.remaining >= 0 else "超时 ") + duration_text(abs(self.remaining))


def state_of(clock: TicketClock, now: datetime) -> str:
    """ok / warning (≥ 80 % elapsed) / broken (past due, unmet) / met / met_late at ``now``."""
    if clock.met_at is not None:
        return MET if clock.met_at <= clock.due_at else MET_LATE
    if now >= clock.due_at:
        return BROKEN
    return WARNING if now >= clock.warn_at else OK


def view(clock: TicketClock, now: datetime) -> ClockView:
    """The ClockView of ``clock`` at ``now``."""
    remaining = None if clock.met_at is not None else (clock.due_at - now).total_seconds()
    return ClockView(clock.name, clock.rule, clock.due_at, state_of(clock, now), remaining, clock.met_at)


def ticket_views(ticket: Ticket, now: datetime) -> list[ClockView]:
    """The ClockViews of ``ticket`` (uses prefetched ``clocks`` when there), progress windows last."""
    rows = sorted(ticket.clocks.all(), key=lambda c: (c.name == policy.PROGRESS, c.seq, c.due_at))
    return [view(c, now) for c in rows]


SEVERITY = (OK, MET, WARNING, MET_LATE, BROKEN)


def worst(views: list[ClockView]) -> ClockView | None:
    """The clock to show in a list: an unmet one first (broken, then warning, then the nearest), else the
    last met one; None when there are no clocks."""
    running = [v for v in views if v.met_at is None]
    if running:
        return sorted(running, key=lambda v: (-SEVERITY.index(v.state), v.due_at))[0]
    return sorted(views, key=lambda v: v.due_at)[-1] if views else None


def duration_text(seconds: float) -> str:
    """1天3小时 / 2小时5分 / 7分 / 不足1分 (seconds ≥ 0)."""
    delta = timedelta(seconds=int(seconds))
    days, rest = delta.days, delta.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}小时{minutes}分"
    return f"{minutes}分" if minutes else "不足1分"
