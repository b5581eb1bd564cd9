"""The publication ledger (信息发布台账, issue #8 §3): entries by hand, crawled articles matched into it,
post-publish changes kept as history, and the scoped listing every view and export uses.

Who may write: bureau admins and operators on every site, a unit user on the sites of their own unit;
proofreaders and users without a role may neither read nor write (AccessDenied).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import QuerySet

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.services.access import ADMIN, OPERATOR, UNIT, AccessDenied, Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger.titles import title_key
from govwatch.services.ledger.upstream import SeenItem
from govwatch.storage.ledger.models import Publication, PublicationChange
from govwatch.storage.models import Column, Site

LEDGER_ROLES = (ADMIN, OPERATOR, UNIT)
TRACKED_FIELDS: Mapping[str, str] = {
    "title": "标题", "column_name": "栏目", "url": "网址", "source_unit": "来源单位", "editor": "编辑",
    "reviewer": "审核人", "published_at": "发布时间", "kind": "类型",
}
"""Fields whose post-publish change is recorded (field → Chinese label)."""


@dataclass(frozen=True)
class PublicationInput:
    """A hand entry: ``published_at`` aware datetime; ``kind`` a Publication.Kind value."""

    site_id: int
    title: str
    published_at: datetime
    column_name: str = ""
    url: str = ""
    source_unit: str = ""
    editor: str = ""
    reviewer: str = ""
    kind: str = "normal"


def require_ledger(actor: Actor) -> None:
    """AccessDenied unless the actor may use the ledger (admin, operator, unit user)."""
    actor.require(*LEDGER_ROLES)
    if actor.role == UNIT and not actor.is_unit:
        raise AccessDenied("主办单位用户未绑定单位，无法使用信息发布台账")


def writable_site(actor: Actor, site_id: int) -> Site:
    """The site ``site_id`` if the actor may write its ledger; AccessDenied / UsageError otherwise."""
    require_ledger(actor)
    site = actor.sites().filter(pk=site_id).first()
    if site is None:
        raise AccessDenied("无权登记该网站的信息（不属于本单位或不存在）")
    return site


def visible_publications(actor: Actor, site_id: int | None = None, year: int | None = None,
                         day: date | None = None, kind: str = "", query: str = "") -> QuerySet[Publication]:
    """The ledger rows the actor may see, newest first, narrowed by site, Beijing-time year or day,
    kind and a title substring."""
    require_ledger(actor)
    qs = actor.scope(Publication.objects.select_related("site", "site__unit", "column", "entered_by"),
                     "site__unit_id")
    if site_id:
        qs = qs.filter(site_id=site_id)
    if year:
        qs = qs.filter(published_at__gte=year_start(year), published_at__lt=year_start(year + 1))
    if day:
        start = datetime.combine(day, time(0), tzinfo=CHINA_TZ)
        qs = qs.filter(published_at__gte=start, published_at__lt=start + timedelta(days=1))
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(title__icontains=query)
    return qs


def year_start(year: int) -> datetime:
    """1 January 00:00 Beijing time of ``year`` (aware)."""
    return datetime(year, 1, 1, tzinfo=CHINA_TZ)


def _column_for(site: Site, name: str) -> Column | None:
    return Column.objects.filter(site=site, name=name).first() if name else None


FUTURE_SLACK = timedelta(days=1)
"""A publish time may lie at most this far ahead of now (time zones, a scheduled release tomorrow)."""


def site_hosts(site: Site) -> set[str]:
    """Host names (lower case, no port) of the site's homepage and its ``extra_hosts``."""
    hosts = {(urlsplit(site.home_url).hostname or "").lower()}
    for extra in site.extra_hosts or []:
        text = str(extra).strip().lower()
        hosts.add((urlsplit(text if "//" in text else f"//{text}").hostname or "").lower())
    return hosts - {""}


def check_entry(site: Site, url: str | None, published_at: datetime | None, now: datetime) -> None:
    """UsageError (Chinese) when ``url`` is not an http(s) address on one of the site's hosts, or
    ``published_at`` lies more than ``FUTURE_SLACK`` after ``now``; None values are not checked."""
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower() if parts.scheme in ("http", "https") else ""
        if host not in site_hosts(site):
            raise UsageError(f"网址不属于本网站（{'、'.join(sorted(site_hosts(site)))}）：{url[:200]}")
    if published_at is not None and published_at > now + FUTURE_SLACK:
        shown = published_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
        raise UsageError(f"发布时间 {shown} 晚于当前时间一天以上，请检查后再填写")


def enter_publication(actor: Actor, data: PublicationInput, now: datetime | None = None) -> Publication:
    """Create a hand entry (origin manual). UsageError on an empty title, a URL already in the ledger or
    not on the site's hosts, a publish time more than a day ahead (``check_entry``)."""
    site = writable_site(actor, data.site_id)
    title = " ".join(data.title.split())
    if not title:
        raise UsageError("标题不能为空")
    now = now or utcnow()
    check_entry(site, data.url, data.published_at, now)
    if data.url and Publication.objects.filter(site=site, url=data.url).exists():
        raise UsageError(f"台账中已有该网址的信息：{data.url}")
    if data.kind not in Publication.Kind.values:
        raise UsageError(f"未知信息类型：{data.kind}")
    return Publication.objects.create(
        site=site, column=_column_for(site, data.column_name), column_name=data.column_name, title=title,
        title_key=title_key(title), url=data.url, source_unit=data.source_unit, editor=data.editor,
        reviewer=data.reviewer, published_at=data.published_at, kind=data.kind,
        entered_by_id=actor.user_id, origin=Publication.Origin.MANUAL, created_at=now)


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def change_publication(actor: Actor, publication_id: int, changes: Mapping[str, Any], note: str = "",
                       now: datetime | None = None) -> list[PublicationChange]:
    """Apply ``changes`` (field → new value, fields of TRACKED_FIELDS) and record one PublicationChange per
    field whose value really changed; returns them. AccessDenied when the row is not the actor's;
    UsageError for a URL off the site or a publish time more than a day ahead (``check_entry``)."""
    require_ledger(actor)
    pub = visible_publications(actor).filter(pk=publication_id).first()
    if pub is None:
        raise AccessDenied("无权修改该信息（不属于本单位或不存在）")
    url = changes.get("url")
    if url and Publication.objects.filter(site_id=pub.site_id, url=url).exclude(pk=pub.pk).exists():
        raise UsageError(f"台账中已有该网址的信息：{url}")
    now = now or utcnow()
    moment = changes.get("published_at")
    check_entry(pub.site, url, moment if isinstance(moment, datetime) else None, now)
    recorded: list[PublicationChange] = []
    with transaction.atomic():
        for field, value in changes.items():
            if field not in TRACKED_FIELDS:
                raise UsageError(f"不能修改的字段：{field}")
            old = getattr(pub, field)
            if _text(old) == _text(value):
                continue
            setattr(pub, field, value)
            recorded.append(PublicationChange(publication=pub, changed_at=now, changed_by_id=actor.user_id,
                                              field=TRACKED_FIELDS[field], old=_text(old), new=_text(value),
                                              note=note[:300]))
        if recorded:
            pub.title_key = title_key(pub.title)
            if "column_name" in changes:
                pub.column = _column_for(pub.site, pub.column_name)
            pub.save()
            PublicationChange.objects.bulk_create(recorded)
    return recorded


def record_crawled(site: Site, column: Column | None, items: Iterable[SeenItem], now: datetime) -> int:
    """Match crawled column items into the ledger; returns how many rows were created or completed.

    An item whose URL is already in the ledger is skipped; a hand entry of the same site with the same
    normalised title and no URL yet receives the URL (and column); anything else becomes a crawl row
    (published_at = the shown time or day, else ``now``).
    """
    changed = 0
    known = set(Publication.objects.filter(site=site).exclude(url="").values_list("url", flat=True))
    for item in items:
        if item.url in known or not item.title:
            continue
        known.add(item.url)
        key = title_key(item.title)
        manual = Publication.objects.filter(site=site, url="", title_key=key).order_by("-published_at").first()
        if manual is not None and key:
            manual.url = item.url[:1000]
            manual.column = manual.column or column
            manual.save(update_fields=["url", "column", "updated_at"])
        else:
            Publication.objects.create(
                site=site, column=column, column_name=column.name if column else "", title=item.title[:500],
                title_key=key[:500], url=item.url[:1000], published_at=item.published_at or now,
                origin=Publication.Origin.CRAWL, created_at=now)
        changed += 1
    return changed
