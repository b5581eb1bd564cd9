"""Working-day deadlines (content requests: end of the 3rd working day after the raising day, Beijing time)
over weekends, the 2026 Mid-autumn + National Day holidays and their make-up working days (chinese_calendar
1.11: holidays 2026-09-25..27 and 2026-10-01..07; make-up days Sunday 2026-09-20 and Saturday 2026-10-10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from govwatch.core.clock import CHINA_TZ
from govwatch.services.desk import policy
from govwatch.services.desk.workdays import calendar_note, is_workday, nth_workday_after, workday_deadline


def bj(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHINA_TZ)


def end_of(y: int, m: int, d: int) -> datetime:
    """24:00 Beijing of that day."""
    return datetime(y, m, d, tzinfo=CHINA_TZ) + timedelta(days=1)


def test_calendar_data_for_2026_holidays_and_make_up_days() -> None:
    assert not is_workday(date(2026, 10, 1)) and not is_workday(date(2026, 10, 7))
    assert is_workday(date(2026, 10, 8))
    assert is_workday(date(2026, 10, 10))  # Saturday, 调休上班
    assert is_workday(date(2026, 9, 20))  # Sunday, 调休上班
    assert not is_workday(date(2026, 9, 25))  # Friday, 中秋节
    assert not is_workday(date(2026, 11, 28))  # ordinary Saturday


@pytest.mark.parametrize(("raised", "due"), [
    (bj(2026, 11, 24), end_of(2026, 11, 27)),  # Tuesday → Wed, Thu, Fri
    (bj(2026, 11, 27), end_of(2026, 12, 2)),  # Friday → Mon, Tue, Wed
    (bj(2026, 11, 28, 15), end_of(2026, 12, 2)),  # Saturday → Mon, Tue, Wed
    (bj(2026, 11, 29, 23, 59), end_of(2026, 12, 2)),  # Sunday night → same
    (bj(2026, 11, 24, 23, 30), end_of(2026, 11, 27)),  # after hours: the raising day never counts anyway
    (bj(2026, 11, 24, 0, 5), end_of(2026, 11, 27)),  # before office hours: same
    (bj(2026, 9, 24), end_of(2026, 9, 30)),  # Thursday before Mid-autumn → Mon 28, Tue 29, Wed 30
    (bj(2026, 9, 30), end_of(2026, 10, 10)),  # eve of National Day → Oct 8, 9, Saturday 10 (make-up)
    (bj(2026, 10, 1), end_of(2026, 10, 10)),  # on the holiday → same
    (bj(2026, 10, 7, 22), end_of(2026, 10, 10)),  # last holiday evening → Oct 8, 9, 10
    (bj(2026, 10, 9), end_of(2026, 10, 13)),  # Friday before the make-up Saturday → Sat 10, Mon 12, Tue 13
    (bj(2026, 10, 10), end_of(2026, 10, 14)),  # raised on the make-up Saturday → Mon 12, Tue 13, Wed 14
    (bj(2026, 9, 19), end_of(2026, 9, 22)),  # Saturday before the make-up Sunday → Sun 20, Mon 21, Tue 22
])
def test_three_working_day_deadline(raised: datetime, due: datetime) -> None:
    assert workday_deadline(raised, 3) == due


def test_the_beijing_date_decides_not_the_utc_date() -> None:
    # Both are Thursday 2026-11-26 in UTC; the second is already Friday in Beijing.
    thursday_night = datetime(2026, 11, 26, 15, 59, tzinfo=UTC)  # Thu 23:59 Beijing → Fri, Mon, Tue
    friday_early = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)  # Fri 00:30 Beijing → Mon, Tue, Wed
    assert workday_deadline(thursday_night, 3) == end_of(2026, 12, 1)
    assert workday_deadline(friday_early, 3) == end_of(2026, 12, 2)


def test_consultation_clock_is_one_working_day_and_marked_unconfirmed() -> None:
    rule = policy.rule_named("consult", "resolve")
    assert rule.due(bj(2026, 9, 30, 16)) == end_of(2026, 10, 8)
    assert not rule.confirmed and "暂定" in rule.label
    assert all(not r.confirmed for r in policy.RULES["security"])
    assert all(r.confirmed for r in policy.RULES["fault"] + policy.RULES["content"] + (policy.PROGRESS_RULE,))


def test_fault_clocks_are_wall_clock_through_holidays() -> None:
    start = bj(2026, 10, 1, 23, 30)
    assert policy.rule_named("fault", "respond").due(start) == start + timedelta(minutes=10)
    assert policy.rule_named("fault", "resolve").due(start) == bj(2026, 10, 2, 1, 30)


def test_years_outside_the_holiday_data_fall_back_to_weekdays() -> None:
    assert calendar_note(date(2026, 5, 1)) == ""
    assert "2027" in calendar_note(date(2027, 1, 1))
    assert is_workday(date(2027, 1, 4)) and not is_workday(date(2027, 1, 9))
    assert nth_workday_after(date(2027, 1, 8), 1) == date(2027, 1, 11)
    with pytest.raises(ValueError):
        nth_workday_after(date(2026, 1, 1), 0)
