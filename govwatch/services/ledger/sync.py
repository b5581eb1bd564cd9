"""Matching the crawl into the ledger (issue #8 §3 "entered by hand or matched from the crawl"): read a
site's column list pages (the Column rows the scans discovered or the registry declared) and record their
items as ledger rows (publications.record_crawled). The reprint watch reads the portal's policy-like
columns the same way before matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from govwatch.services.ledger.publications import record_crawled
from govwatch.services.ledger.upstream import LIST, FetchedList, fetch_lists
from govwatch.sources.http import CollectorSettings
from govwatch.storage.models import Column, Site

MAX_COLUMNS = 50
SKIP_TYPES = ("interaction", "service")
"""Columns whose pages are not publication lists (留言, 办事入口)."""


@dataclass(frozen=True)
class SyncResult:
    """One site's sync: columns read (``read`` of ``columns``), ledger rows added, Chinese errors."""

    site: str
    columns: int
    read: int
    added: int
    errors: tuple[str, ...] = ()


def site_columns(site_id: int, types: Sequence[str] | None = None, cap: int = MAX_COLUMNS) -> list[Column]:
    """The site's columns to read (of ``types``, else all but SKIP_TYPES), declared before discovered."""
    qs = Column.objects.filter(site_id=site_id)
    qs = qs.filter(type__in=types) if types is not None else qs.exclude(type__in=SKIP_TYPES)
    return list(qs.order_by("source", "id")[:cap])


def record_fetched(site: Site, columns: Sequence[Column], fetched: Sequence[FetchedList], now: datetime) -> int:
    """Record the items of every column page read successfully; returns the ledger rows added/completed."""
    return sum(record_crawled(site, column, got.items, now)
               for column, got in zip(columns, fetched, strict=True) if got.ok)


def sync_site(site: Site, now: datetime, settings: CollectorSettings | None = None) -> SyncResult:
    """Read the site's columns now and match their items into the ledger. Never raises for fetch trouble."""
    columns = site_columns(site.pk)
    fetched = fetch_lists([(c.url, LIST) for c in columns], now, settings)
    errors = tuple(f"{c.name}：{got.error}" for c, got in zip(columns, fetched, strict=True) if not got.ok)
    return SyncResult(site.name, len(columns), sum(got.ok for got in fetched),
                      record_fetched(site, columns, fetched, now), errors)
