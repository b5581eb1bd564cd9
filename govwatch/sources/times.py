"""Publication times as platforms and exports write them → timezone-aware Asia/Shanghai datetimes.

Weibo shows recent times relatively (``刚刚``, ``5分钟前``, ``3小时前``, ``昨天 12:00``), this year's
dates without the year (``06-27``), older ones in full (``2025-06-27``), and its API's ``created_at``
as ``Thu Jul 16 16:31:14 +0800 2026``. All are read relative to a given ``now`` — never the wall clock —
so a stored response is judged as of the day it was captured.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from govwatch.core.clock import CHINA_TZ

_AGO = re.compile(r"^(\d+)\s*(秒|分钟|小时|天)前$")
_DAY_CLOCK = re.compile(r"^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[-/月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2}))?$")
_FULL = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?(?:\.\d+)?$")
_UNITS = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}


def china(now: datetime) -> datetime:
    """``now`` (timezone-aware) in Asia/Shanghai; raises ValueError for a naive datetime."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware: {now!r}")
    return now.astimezone(CHINA_TZ)


def at(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """``day`` at the given clock time in Asia/Shanghai."""
    return datetime.combine(day, time(hour, minute, second), CHINA_TZ)


def parse_weibo_time(text: str, now: datetime) -> datetime:
    """A Weibo ``created_at`` of any form above → aware datetime in Asia/Shanghai.

    ``MM-DD`` is this year's date, or last year's when it would lie after ``now``; a date without a
    clock time is taken at 00:00. Raises ValueError for a form it does not know (a changed format).
    """
    value = " ".join(text.split())
    local = china(now)
    if value == "刚刚":
        return local
    if m := _AGO.match(value):
        return local - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    if m := _DAY_CLOCK.match(value):
        return at(local.date() - timedelta(days=_DAYS_BACK[m.group(1)]), int(m.group(2)), int(m.group(3)))
    if m := _MONTH_DAY.match(value):
        return _month_day(local, m)
    if m := _FULL.match(value):
        return _full(m)
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").astimezone(CHINA_TZ)
    except ValueError:
        raise ValueError(f"unknown Weibo time format: {text!r}") from None


def _month_day(local: datetime, m: re.Match[str]) -> datetime:
    month, day = int(m.group(1)), int(m.group(2))
    hour, minute = int(m.group(3) or 0), int(m.group(4) or 0)
    value = at(date(local.year, month, day), hour, minute)
    if value.date() > local.date():
        value = at(date(local.year - 1, month, day), hour, minute)
    return value


def _full(m: re.Match[str]) -> datetime:
    year, month, day = (int(m.group(i)) for i in (1, 2, 3))
    hour, minute, second = (int(m.group(i) or 0) for i in (4, 5, 6))
    return at(date(year, month, day), hour, minute, second)


def parse_export_time(value: object) -> datetime | None:
    """A 发布时间 cell of an export → aware datetime in Asia/Shanghai, None when empty or unreadable.

    Accepts ``datetime``/``date`` cells (naive ones are Beijing time), ``2025-06-27 10:30[:00]``,
    ``2025/6/27 10:30``, ``2025年6月27日 10时30分``, ``2025.06.27`` and ISO 8601 with an offset.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=CHINA_TZ) if value.tzinfo is None else value.astimezone(CHINA_TZ)
    if isinstance(value, date):
        return at(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    if m := _FULL.match(text):
        try:
            return _full(m)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=CHINA_TZ) if parsed.tzinfo is None else parsed.astimezone(CHINA_TZ)
