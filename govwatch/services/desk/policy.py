"""SLA rules per ticket kind: which clocks a ticket gets and how each deadline is computed.

Sources:
- fault (故障): "7×24 问题响应 … 10 分钟响应、2 小时修复" — contract text quoted in issue #8 (CONFIRMED).
  Wall-clock, day and night, weekends and holidays alike.
- content (内容需求): "内容需求 3 个工作日内完成" — issue #8 (CONFIRMED); working days per services.desk.workdays
  (end of the 3rd working day after the raising day).
- every open ticket: "每 24 小时反馈进展直至关闭" — issue #8 (CONFIRMED): a progress note (or a status change
  with a note) at most 24 wall-clock hours after the previous one, until the ticket is closed.
- security (安全预警): respond 30 minutes, resolve 24 hours wall-clock — NOT FROM THE CONTRACT (our
  proposal, unconfirmed; marked ``confirmed=False`` and shown as “暂定” in the UI and reports).
- consult (咨询): answer (resolve) by the end of the 1st working day after the raising day — NOT FROM THE
  CONTRACT (unconfirmed, same marking).

A clock warns at ``WARN_FRACTION`` (80 %) of its span (wall time from start to deadline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from govwatch.services.desk.workdays import workday_deadline

WARN_FRACTION = 0.8
PROGRESS_EVERY = timedelta(hours=24)
RESPOND, RESOLVE, PROGRESS = "respond", "resolve", "progress"


@dataclass(frozen=True)
class ClockRule:
    """One clock: ``name`` respond/resolve/progress; ``wall`` a wall-clock span or ``workdays`` a count of
    working days (exactly one is set); ``confirmed`` True when it comes from the contract; ``label`` the
    Chinese rule text shown to users."""

    name: str
    label: str
    confirmed: bool
    wall: timedelta | None = None
    workdays: int = 0

    def due(self, start: datetime) -> datetime:
        """The deadline of a clock started at ``start`` (aware)."""
        if self.wall is not None:
            return start + self.wall
        return workday_deadline(start, self.workdays)


def warn_time(start: datetime, due: datetime) -> datetime:
    """When a clock running from ``start`` to ``due`` warns (80 % of its span elapsed)."""
    return start + (due - start) * WARN_FRACTION


PROGRESS_RULE = ClockRule(PROGRESS, "每 24 小时反馈一次进展，直至关闭", True, wall=PROGRESS_EVERY)

RULES: dict[str, tuple[ClockRule, ...]] = {
    "fault": (ClockRule(RESPOND, "故障 10 分钟内响应（7×24）", True, wall=timedelta(minutes=10)),
              ClockRule(RESOLVE, "故障 2 小时内修复（7×24）", True, wall=timedelta(hours=2))),
    "content": (ClockRule(RESOLVE, "内容需求 3 个工作日内完成", True, workdays=3),),
    "security": (ClockRule(RESPOND, "安全预警 30 分钟内响应（暂定，合同未约定）", False, wall=timedelta(minutes=30)),
                 ClockRule(RESOLVE, "安全预警 24 小时内处置（暂定，合同未约定）", False, wall=timedelta(hours=24))),
    "consult": (ClockRule(RESOLVE, "咨询 1 个工作日内答复（暂定，合同未约定）", False, workdays=1),),
}
"""Clocks per Ticket.Kind value, besides the progress clock every ticket has."""


def rules_for(kind: str) -> tuple[ClockRule, ...]:
    """The clocks of a ticket of ``kind`` (KeyError on an unknown kind), progress clock last."""
    return RULES[kind] + (PROGRESS_RULE,)


def rule_named(kind: str, name: str) -> ClockRule:
    """The rule of clock ``name`` for ``kind``; KeyError when that kind has no such clock."""
    for rule in rules_for(kind):
        if rule.name == name:
            return rule
    raise KeyError(name)
