"""The one place that knows what time it is, so a scan can run "as of" a stored capture date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def utcnow() -> datetime:
    """Current UTC time, timezone-aware."""
    return datetime.now(UTC)


def today_in_china() -> date:
    """Today's date in Asia/Shanghai — the calendar government pages are dated in."""
    return datetime.now(CHINA_TZ).date()
