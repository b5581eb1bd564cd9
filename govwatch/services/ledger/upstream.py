"""Fetching the lists the reprint watch compares (issue #8 §4): upstream sources (RSS/Atom via feedparser,
or a list page read with extract.lists) and the portal's own column pages.

Fetches go through the collectors' HTTP client (``sources.http.HttpClient``: per-host politeness, retries,
never raises); HTML is decoded with the crawl's ``decode_html`` (header charset, meta, sniffing, GBK read as
GB18030). A failed fetch is data (``FetchedList.ok`` False with a Chinese ``error``), never an exception.
"""

from __future__ import annotations

import asyncio
import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser

from govwatch.core.clock import CHINA_TZ
from govwatch.crawl.encoding import decode_html
from govwatch.extract.lists import dated_rows, main_list
from govwatch.sources.http import CollectorSettings, HttpClient

RSS, LIST = "rss", "list"
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


@dataclass(frozen=True)
class SeenItem:
    """One item of a list: ``published_at`` aware datetime or None; ``dated_only`` True when only the day
    was shown (the time is then 00:00 Beijing time and must not start a 12-hour clock)."""

    title: str
    url: str
    published_at: datetime | None
    dated_only: bool = False


@dataclass(frozen=True)
class FetchedList:
    """The items read from ``url`` (``kind`` rss or list); ``ok`` False with a Chinese ``error`` when the
    fetch or the parse failed."""

    url: str
    kind: str
    ok: bool
    items: tuple[SeenItem, ...] = ()
    error: str = ""


def parse_rss(body: bytes) -> tuple[SeenItem, ...]:
    """Entries of an RSS/Atom document with a title and a link; ValueError when it is not a feed."""
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        raise ValueError("内容不是 RSS/Atom 格式")
    return tuple(item for item in (_entry(e) for e in parsed.entries) if item is not None)


def _entry(entry: Any) -> SeenItem | None:
    title, link = " ".join((entry.get("title") or "").split()), entry.get("link") or ""
    if not title or not link:
        return None
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    # feedparser gives UTC struct_time whatever offset the feed wrote.
    published = datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None
    return SeenItem(title, link, published)


def parse_list_page(body: bytes, charset: str | None, base_url: str, today: datetime) -> tuple[SeenItem, ...]:
    """Rows of the page's main list (extract.lists.main_list; with fewer than 3 rows, every dated row);
    ValueError when the page has no dated row."""
    text, _ = decode_html(body, charset)
    tree = LexborHTMLParser(text)
    day = today.astimezone(CHINA_TZ).date()
    group = main_list(tree, base_url, day)
    rows = group.rows if group is not None else dated_rows(tree, base_url, day)  # a list of 1–2 items
    if not rows:
        raise ValueError("页面中没有找到带日期的信息列表")
    return tuple(SeenItem(row.title, row.url, _day_start(row.published), row.published is not None)
                 for row in rows)


def _day_start(day: Any) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=CHINA_TZ) if day is not None else None


async def _fetch_one(client: HttpClient, url: str, kind: str, now: datetime) -> FetchedList:
    answer = await client.get(url, headers={"Accept": _FEED_ACCEPT} if kind == RSS else None)
    if not answer.ok:
        return FetchedList(url, kind, False, error=answer.message or f"HTTP {answer.status}")
    try:
        if kind == RSS:
            items = parse_rss(answer.body)
        else:
            items = parse_list_page(answer.body, answer.charset, answer.final_url or url, now)
    except ValueError as exc:
        return FetchedList(url, kind, False, error=str(exc))
    return FetchedList(url, kind, True, items)


async def _fetch_all(requests: Sequence[tuple[str, str]], now: datetime,
                     settings: CollectorSettings | None) -> list[FetchedList]:
    async with HttpClient(settings or CollectorSettings()) as client:
        return list(await asyncio.gather(*(_fetch_one(client, url, kind, now) for url, kind in requests)))


def fetch_lists(requests: Sequence[tuple[str, str]], now: datetime,
                settings: CollectorSettings | None = None) -> list[FetchedList]:
    """Fetch every ``(url, kind)`` (kind ``rss`` or ``list``) politely; results in the same order.

    ``now`` bounds list-page dates (a future day is no date). Must not be called from a running event loop.
    """
    if not requests:
        return []
    return asyncio.run(_fetch_all(requests, now, settings))
