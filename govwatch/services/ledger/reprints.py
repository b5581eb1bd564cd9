"""Reprint watch (协同联动, issue #8 §4): important items of upper-level sources must appear on the portal
within 12 hours (contract: 重要政策 of 国务院 and the province reprinted within 12 小时).

One check of a ReprintSource:
1. fetch the source (RSS/Atom or list page) and the portal's policy/notice/news/interpretation columns;
2. match the portal's column items into the ledger (publications.record_crawled);
3. keep the source's *important* items (title holds one of the source's ``filter_words``; items published
   more than ``LOOKBACK_DAYS`` before being first seen are history, not news) as UpstreamItem rows with
   ``due_at`` = published time (when the source gave a time) or first sighting, + ``deadline_hours``;
4. match pending and overdue items against the portal's ledger by normalised title (titles.similarity);
   a match resolves the item and its finding.

``escalate_due(now)``: every pending item whose ``due_at`` has passed is claimed (compare-and-set pending →
overdue) and becomes a site Finding ``reprint.missing`` on the portal (stable fingerprint from the upstream
URL; evidence: upstream title/url/times, hours overdue) and a ticket (desk ``open_ticket``, kind content).
Overdue items refresh their finding's hours on every pass and reopen it if a scan closed it (a scan
resolves the findings it did not produce). ``watch(now)`` is the periodic job: claims the sources due (CAS on ``next_check_at``), checks them, escalates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from govwatch.core.clock import CHINA_TZ
from govwatch.core.fingerprint import fingerprint
from govwatch.services.desk.tickets import open_ticket
from govwatch.services.ledger.sync import record_fetched, site_columns
from govwatch.services.ledger.titles import MATCH_THRESHOLD, similarity, title_key
from govwatch.services.ledger.upstream import LIST, FetchedList, SeenItem, fetch_lists
from govwatch.sources.http import CollectorSettings
from govwatch.storage.ledger.models import Publication, ReprintSource, UpstreamItem
from govwatch.storage.models import Column, Finding

CODE = "reprint.missing"
LOOKBACK_DAYS = 3
PORTAL_COLUMN_TYPES = ("policy", "notice", "news", "interpretation")
MAX_PORTAL_COLUMNS = 20
MATCH_SLACK = timedelta(days=2)
"""A reprint may carry an earlier day than the upstream time (date-only lists, time zones): look back 2 days."""
DEFAULT_FILTER_WORDS = ("国务院", "国务院办公厅", "省人民政府", "省政府办公厅", "意见", "通知", "方案", "办法", "规定")
"""Suggested filter words for a new source (the source's own ``filter_words`` are what counts)."""


@dataclass(frozen=True)
class CheckResult:
    """One source check: ``seen`` important items new this time, ``matched`` items found reprinted,
    ``ledger`` portal rows added to the ledger, ``error`` Chinese reason the source could not be read."""

    source: str
    seen: int
    matched: int
    ledger: int
    error: str = ""


def is_important(title: str, words: list[str] | tuple[str, ...]) -> bool:
    """True when ``title`` holds any of ``words`` (an empty list makes every item important)."""
    return not words or any(w and w in title for w in words)


def portal_columns(source: ReprintSource) -> list[Column]:
    """The portal columns whose pages are read for new articles (declared before discovered)."""
    return site_columns(source.site_id, PORTAL_COLUMN_TYPES, MAX_PORTAL_COLUMNS)


def _due(seen: SeenItem, first_seen: datetime, hours: int) -> datetime:
    start = seen.published_at if seen.published_at is not None and not seen.dated_only else first_seen
    return start + timedelta(hours=hours)


def _too_old(seen: SeenItem, now: datetime) -> bool:
    return seen.published_at is not None and seen.published_at < now - timedelta(days=LOOKBACK_DAYS)


def store_items(source: ReprintSource, fetched: FetchedList, now: datetime) -> int:
    """Add the important, recent items of ``fetched`` not stored yet; returns how many were added."""
    known = set(source.items.values_list("url", flat=True))
    words = list(source.filter_words or [])
    new = [UpstreamItem(source=source, title=s.title[:500], title_key=title_key(s.title)[:500], url=s.url[:1000],
                        published_at=s.published_at, first_seen=now, due_at=_due(s, now, source.deadline_hours))
           for s in fetched.items
           if s.url not in known and is_important(s.title, words) and not _too_old(s, now)]
    UpstreamItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def best_reprint(item: UpstreamItem, site_id: int) -> tuple[Publication | None, float]:
    """The portal's ledger row most similar to ``item`` (published no earlier than MATCH_SLACK before the
    item) and its similarity 0–100; (None, 0) when nothing reaches MATCH_THRESHOLD."""
    since = (item.published_at or item.first_seen) - MATCH_SLACK
    best: tuple[Publication | None, float] = (None, 0.0)
    for pub in Publication.objects.filter(site_id=site_id, published_at__gte=since).only("id", "title_key", "url"):
        score = similarity(item.title_key, pub.title_key)
        if score >= MATCH_THRESHOLD and score > best[1]:
            best = (pub, score)
    return best


def match_items(source: ReprintSource, now: datetime) -> int:
    """Mark the source's pending/overdue items found in the portal's ledger as reprinted (resolving the
    finding of an overdue one); returns how many were matched."""
    matched = 0
    open_items = source.items.filter(status__in=(UpstreamItem.Status.PENDING, UpstreamItem.Status.OVERDUE))
    for item in open_items:
        pub, score = best_reprint(item, source.site_id)
        if pub is None:
            continue
        claimed = UpstreamItem.objects.filter(pk=item.pk, status=item.status).update(
            status=UpstreamItem.Status.REPRINTED, publication=pub, similarity=score, matched_at=now)
        if claimed:
            matched += 1
            if item.finding_id:
                _resolve_finding(item.finding_id, pub, now)
    return matched


def _resolve_finding(finding_id: int, pub: Publication, now: datetime) -> None:
    row = Finding.objects.filter(pk=finding_id, status=Finding.Status.OPEN).first()
    if row is None:
        return
    row.evidence = {**(row.evidence or {}), "reprint_url": pub.url, "reprint_title": pub.title}
    row.status, row.resolved_at = Finding.Status.RESOLVED, now
    row.save(update_fields=["evidence", "status", "resolved_at"])


def check_source(source: ReprintSource, now: datetime, settings: CollectorSettings | None = None) -> CheckResult:
    """Fetch ``source`` and the portal's columns, update the ledger and the items, match (see module doc).
    Never raises for fetch trouble: the Chinese reason is kept in ``source.last_error`` and returned."""
    columns = portal_columns(source)
    requests = [(source.url, source.kind)] + [(c.url, LIST) for c in columns]
    upstream, *portal = fetch_lists(requests, now, settings)
    ledger = record_fetched(source.site, columns, portal, now)
    seen = store_items(source, upstream, now) if upstream.ok else 0
    matched = match_items(source, now)
    error = "" if upstream.ok else f"来源无法读取：{upstream.error}"
    ReprintSource.objects.filter(pk=source.pk).update(last_checked_at=now, last_error=error[:500])
    return CheckResult(source.name, seen, matched, ledger, error)


def hours_overdue(item: UpstreamItem, now: datetime) -> float:
    """Hours since ``due_at`` (0 when not yet due), one decimal."""
    return max(0.0, round((now - item.due_at).total_seconds() / 3600, 1))


def _local(moment: datetime | None) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


def finding_evidence(item: UpstreamItem, now: datetime) -> dict[str, Any]:
    """Evidence of a reprint.missing finding: upstream title/url/times (Beijing), hours overdue, source."""
    return {"upstream_title": item.title, "upstream_url": item.url, "source": item.source.name,
            "published_at": _local(item.published_at), "first_seen": _local(item.first_seen),
            "due_at": _local(item.due_at), "deadline_hours": item.source.deadline_hours,
            "hours_overdue": hours_overdue(item, now)}


def raise_finding(item: UpstreamItem, now: datetime) -> Finding:
    """Create (or reopen and refresh) the portal's ``reprint.missing`` finding for ``item``."""
    site = item.source.site
    fp = fingerprint(site.home_url, CODE, item.url, {})
    hours = item.source.deadline_hours
    message = f"上级重要信息《{item.title}》超过{hours}小时未转载（来源：{item.source.name}）"
    fields = {"code": CODE, "url": item.url[:1000], "message": message, "evidence": finding_evidence(item, now),
              "fix": f"请在门户网站相应栏目及时转载该信息，并在{hours}小时内完成协同联动发布。"}
    day = now.astimezone(CHINA_TZ).date().isoformat()
    with transaction.atomic():
        row = Finding.objects.select_for_update().filter(site=site, fingerprint=fp).first()
        if row is None:
            return Finding.objects.create(site=site, fingerprint=fp, first_seen=now, last_seen=now,
                                          days_seen=[day], status=Finding.Status.OPEN, **fields)
        for name, value in fields.items():
            setattr(row, name, value)
        row.last_seen, row.status, row.resolved_at = max(row.last_seen, now), Finding.Status.OPEN, None
        row.days_seen = sorted({*(row.days_seen or []), day})
        row.save()
        return row


def open_reprint_ticket(item: UpstreamItem, now: datetime) -> str:
    """Open (idempotently, by source ref ``upstream-item:<id>``) the desk's content ticket for an overdue
    item; returns its id as text."""
    site = item.source.site
    title = f"转载超时：{item.title}"[:200]
    detail = (f"{item.source.name}发布的重要信息《{item.title}》（{item.url}）应于{_local(item.due_at)}前在"
              f"{site.name}转载，截至{_local(now)}仍未发现转载。")
    ticket = open_ticket("content", title, detail, unit=site.unit, source="reprint",
                         source_ref=f"upstream-item:{item.pk}", now=now)
    return str(ticket.pk)


def escalate_due(now: datetime) -> int:
    """Turn every pending item past its ``due_at`` into a finding and a ticket (claimed by compare-and-set,
    so two workers never raise one twice); refresh the hours of findings already raised. Returns how many
    items became overdue now."""
    raised = 0
    due = UpstreamItem.objects.filter(status=UpstreamItem.Status.PENDING, due_at__lte=now, source__active=True)
    for item in due.select_related("source", "source__site", "source__site__unit"):
        if not UpstreamItem.objects.filter(pk=item.pk, status=UpstreamItem.Status.PENDING).update(
                status=UpstreamItem.Status.OVERDUE, overdue_at=now):
            continue
        finding = raise_finding(item, now)
        ticket = open_reprint_ticket(item, now)
        UpstreamItem.objects.filter(pk=item.pk).update(finding_id=finding.pk, ticket_ref=ticket)
        raised += 1
    still = UpstreamItem.objects.filter(status=UpstreamItem.Status.OVERDUE, finding_id__isnull=False)
    for item in still.select_related("source", "source__site"):
        # A complete scan resolves every open finding it did not produce itself (persist.record_scan);
        # while the item is still not reprinted, its finding stays open.
        Finding.objects.filter(pk=item.finding_id).update(
            evidence=finding_evidence(item, now), last_seen=now, status=Finding.Status.OPEN, resolved_at=None)
    return raised


def claim_due_sources(now: datetime) -> list[ReprintSource]:
    """Active sources whose ``next_check_at`` has come (or was never set), each claimed by compare-and-set
    (moved to now + interval) so that only one worker checks it."""
    claimed = []
    due = ReprintSource.objects.filter(active=True).filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
    for source in due.select_related("site"):
        nxt = now + timedelta(seconds=source.interval_seconds)
        if ReprintSource.objects.filter(pk=source.pk, next_check_at=source.next_check_at).update(next_check_at=nxt):
            claimed.append(source)
    return claimed


def check_all(now: datetime, settings: CollectorSettings | None = None) -> tuple[list[CheckResult], int]:
    """Check every active source now (whatever its ``next_check_at``) and escalate overdue items; returns
    the results and how many items became overdue (``govwatch ledger reprints check``)."""
    sources = ReprintSource.objects.filter(active=True).select_related("site").order_by("name")
    results = [check_source(source, now, settings) for source in sources]
    return results, escalate_due(now)


def watch(now: datetime, settings: CollectorSettings | None = None) -> str:
    """The periodic job: check the due sources, escalate overdue items; one Chinese log line ('' if idle)."""
    results = [check_source(source, now, settings) for source in claim_due_sources(now)]
    raised = escalate_due(now)
    if not results and not raised:
        return ""
    failed = [r.source for r in results if r.error]
    line = (f"转载监测：检查来源 {len(results)} 个，新增重要信息 {sum(r.seen for r in results)} 条，"
            f"确认已转载 {sum(r.matched for r in results)} 条，超时未转载 {raised} 条")
    return line + (f"；无法读取：{'、'.join(failed)}" if failed else "")
