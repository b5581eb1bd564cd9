"""Chinese working days (工作日) between two dates, with the State Council holiday calendar.

Uses ``chinese_calendar`` (statutory holidays and 调休 make-up working days); for a year that library does
not cover yet, Monday–Friday stand in (and ``calendar_known`` says so).
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def calendar_known(day: date) -> bool:
    """True when ``chinese_calendar`` knows the holidays of ``day``'s year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: date) -> bool:
    """工作日 per the holiday calendar; Monday–Friday for years the calendar does not cover."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``): a message
    asked on Friday and answered the next Monday took 1 working day."""
    days, current = 0, start + timedelta(days=1)
    while current <= end:
        days += is_workday(current)
        current += timedelta(days=1)
    return days
