"""Deadlines in Chinese working days on real 2026 holiday edges (chinese_calendar's official data)."""

from __future__ import annotations

from datetime import date

import pytest

from govwatch.services.rectification.workdays import add_working_days, is_workday, working_days_left


def test_national_day_2026_is_skipped() -> None:
    # Issued Friday 2026-09-25: 09-28, 29, 30 count, 10-01..07 are the holiday, 10-08 and 10-09 count.
    assert add_working_days(date(2026, 9, 25), 5).day == date(2026, 10, 9)
    assert add_working_days(date(2026, 9, 30), 1).day == date(2026, 10, 8)


def test_make_up_saturday_counts_as_a_working_day() -> None:
    # 2026-10-10 (Saturday) is a 调休 working day; 2026-09-20 (Sunday) too.
    assert is_workday(date(2026, 10, 10)) == (True, True) and is_workday(date(2026, 9, 20)) == (True, True)
    assert add_working_days(date(2026, 10, 9), 1).day == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 18), 1).day == date(2026, 9, 20)  # Friday → make-up Sunday


def test_ordinary_weekend_and_default() -> None:
    assert add_working_days(date(2026, 11, 27)).day == date(2026, 12, 4)  # Fri + 5 → next Fri
    assert add_working_days(date(2026, 11, 27)).estimated is False


def test_unknown_year_falls_back_to_weekdays_and_says_so() -> None:
    deadline = add_working_days(date(2026, 12, 30), 5)
    assert deadline.estimated and deadline.day == date(2027, 1, 6)  # 12-31, 01-01(Fri, no data), 04, 05, 06


def test_bounds_and_days_left() -> None:
    with pytest.raises(ValueError, match="1 至 60"):
        add_working_days(date(2026, 9, 1), 0)
    assert working_days_left(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert working_days_left(date(2026, 10, 9), date(2026, 10, 9)) == 0
