"""Shared constants and builders of the probe tests (imported by name: the folder is on sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EMPTY_HOST = "empty.shilixian.gov.cn"  # served from a folder whose index.html is 0 bytes
T0 = datetime(2026, 5, 11, 4, 0, tzinfo=UTC)  # 12:00 Beijing time, a Monday


def spread(start: datetime, count: int, days: int = 7) -> list[datetime]:
    """``count`` times evenly spread over ``days`` days from ``start`` (the 20-a-day schedule)."""
    step = timedelta(days=days) / count
    return [start + step * i for i in range(count)]
