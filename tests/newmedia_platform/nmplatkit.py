"""Shared helpers of the new-media platform tests (a plain module: no conftest imports)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from govwatch.core.clock import CHINA_TZ
from govwatch.services.newmedia import CollectOptions
from govwatch.sources import CollectorSettings, WeiboEndpoints, WeiboOptions

FAST = CollectorSettings(interval=0.0, host_intervals={}, retries=0, timeout=5.0)

#: 平台, 账号名称, 账号ID/主页, 主办单位, 级别 — as a city's registry lists them.
ACCOUNT_ROWS = [
    ("微信公众号", "上海发布", "MjM5NTA5NzYyMA==", "上海市人民政府新闻办公室", "市"),  # city government: daily
    ("微博", "明日方舟Arknights", "6279793937", "云岭市文化和旅游局", "市"),  # city department: 3.5 days
    ("微博", "东川发布", "7000000001", "东川县人民政府", "县"),  # county government: weekly (no such uid: 404)
    ("微信", "清水镇发布", "qingshuizhen", "清水镇人民政府", "乡镇"),  # town: monthly (no collector)
]


def beijing(*args: int) -> datetime:
    """An aware datetime in Beijing time."""
    return datetime(*args, tzinfo=CHINA_TZ)  # type: ignore[misc]


def options(base: str) -> CollectOptions:
    """Collection options pointing the Weibo collector at the test server, with no politeness delays."""
    return CollectOptions(settings=FAST, weibo=WeiboOptions(lookback_days=60, endpoints=WeiboEndpoints(
        profile=base + "/weibo/100505{uid}/1.json", timeline=base + "/weibo/{containerid}/{page}.json")))


def write_accounts_xlsx(path: Path, rows: list[tuple[str, str, str, str, str]],
                        feeds: dict[str, str] | None = None) -> Path:
    """A registry workbook with one sheet 新媒体账号 holding ``rows``, with 订阅地址 ``feeds[name]``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "新媒体账号"
    sheet.append(["平台", "账号名称", "账号ID/主页", "主办单位", "级别", "订阅地址"])
    for row in rows:
        sheet.append([*row, (feeds or {}).get(row[1], "")])
    book.save(path)
    return path
