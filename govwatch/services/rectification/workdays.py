"""Deadlines in Chinese working days (工作日): weekends, public holidays and 调休 make-up working days.

Source: the State Council's yearly holiday arrangement as packaged by ``chinese_calendar`` (covers
2004–2026 in the installed version). A day of a year the calendar does not cover yet falls back to
Monday–Friday and is reported as estimated, so a notice issued in late December still gets a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

DEFAULT_WORKING_DAYS = 5
MAX_WORKING_DAYS = 60


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, known from the official calendar). Unknown years: Monday–Friday, False."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


@dataclass(frozen=True)
class Deadline:
    """``day``: the last day to fix (China date); ``estimated``: some day counted lies in a year the
    holiday calendar does not cover (weekends only were skipped there)."""

    day: date
    working_days: int
    estimated: bool = False


def add_working_days(start: date, working_days: int = DEFAULT_WORKING_DAYS) -> Deadline:
    """The date ``working_days`` (1–60) working days after ``start`` (the day of issue, not counted):
    issued Friday 2026-09-25 with 5 → 2026-10-09 (National Day 10-01..07 off, 09-28..30 and 10-08, 10-09
    counted). Raises ValueError outside 1–60."""
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValueError(f"整改期限应为 1 至 {MAX_WORKING_DAYS} 个工作日")
    day, left, estimated = start, working_days, False
    while left:
        day += timedelta(days=1)
        work, known = is_workday(day)
        estimated = estimated or not known
        left -= work
    return Deadline(day, working_days, estimated)


def working_days_left(today: date, deadline: date) -> int:
    """Working days from tomorrow to ``deadline`` inclusive (0 on the deadline day or after it; negative
    counts of overdue working days are not needed: callers compare dates)."""
    count, day = 0, today
    while day < deadline:
        day += timedelta(days=1)
        count += is_workday(day)[0]
    return count
