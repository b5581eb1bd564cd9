"""Chinese working days for SLA clocks counted in working days (工作日).

A working day is what ``chinese_calendar.is_workday`` says: Monday–Friday unless a public holiday,
plus the make-up working days (调休上班, e.g. Saturday 2026-10-10). Outside the library's data (it
covers 2004–2026 in version 1.11) we fall back to Monday–Friday and say so in ``calendar_note``.

Working-day deadline (our reading of "3 个工作日内完成", documented in docs and tested): the day a ticket is
raised never counts, whatever the hour; the deadline is the END of the N-th working day after the raising
day, i.e. 00:00 Beijing time of the calendar day that follows it. Raised Monday 09:00 or Monday 23:00 → due
Thursday 24:00; raised Friday, Saturday or Sunday → due Wednesday 24:00 of the next week. Dates are Beijing
(Asia/Shanghai) dates: 2026-10-02 23:30 UTC is already Saturday 2026-10-03 in Beijing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar

from govwatch.core.clock import CHINA_TZ


def is_workday(day: date) -> bool:
    """True on a Chinese working day (holidays and 调休 make-up days per chinese_calendar; Mon–Fri outside
    the library's years)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def in_calendar(day: date) -> bool:
    """True when chinese_calendar has holiday data for ``day``'s year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def calendar_note(day: date) -> str:
    """'' when ``day``'s year is in the holiday data, else a Chinese note that weekdays were used."""
    return "" if in_calendar(day) else f"{day.year} 年节假日数据缺失，按周一至周五计算工作日"


def nth_workday_after(day: date, n: int) -> date:
    """The ``n``-th working day strictly after ``day`` (n ≥ 1)."""
    if n < 1:
        raise ValueError("n must be ≥ 1")
    current, found = day, 0
    while found < n:
        current += timedelta(days=1)
        found += is_workday(current)
    return current


def workday_deadline(raised_at: datetime, days: int) -> datetime:
    """End (00:00 Beijing of the next calendar day) of the ``days``-th working day after the Beijing date of
    ``raised_at`` (aware). Returns an aware datetime in Beijing time."""
    last = nth_workday_after(raised_at.astimezone(CHINA_TZ).date(), days)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=CHINA_TZ)


def workdays_between(start: datetime, end: datetime) -> int:
    """Working days whose Beijing date lies in (start date, end date] — for reports ("用时 N 个工作日")."""
    first, last = start.astimezone(CHINA_TZ).date(), end.astimezone(CHINA_TZ).date()
    count, current = 0, first
    while current < last:
        current += timedelta(days=1)
        count += is_workday(current)
    return count
