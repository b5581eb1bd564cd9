"""The reprint watch list for the web and the CLI (issue #8 §4): sources and items the actor may see, the
time left before an item's deadline, and source configuration (staff only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from govwatch.services.access import ADMIN, OPERATOR, Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger.publications import require_ledger
from govwatch.storage.ledger.models import ReprintSource, UpstreamItem


@dataclass(frozen=True)
class SourceInput:
    """A source to add: ``kind`` rss or list; ``filter_words`` the importance words (data, per source)."""

    site_id: int
    name: str
    url: str
    kind: str = "list"
    filter_words: tuple[str, ...] = ()
    deadline_hours: int = 12


def visible_sources(actor: Actor) -> QuerySet[ReprintSource]:
    """The sources of the sites the actor may see, by name."""
    require_ledger(actor)
    return actor.scope(ReprintSource.objects.select_related("site"), "site__unit_id").order_by("name")


def visible_items(actor: Actor, status: str = "") -> QuerySet[UpstreamItem]:
    """The upstream items of the visible sources, newest first, optionally of one status."""
    require_ledger(actor)
    qs = actor.scope(UpstreamItem.objects.select_related("source", "source__site", "publication"),
                     "source__site__unit_id")
    return qs.filter(status=status) if status else qs


def time_left(item: UpstreamItem, now: datetime) -> str:
    """'剩余 5小时20分' before the deadline, '超时 3小时' after it, '' once reprinted."""
    if item.status == UpstreamItem.Status.REPRINTED:
        return ""
    seconds = int((item.due_at - now).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    span = f"{hours}小时{minutes}分" if minutes else f"{hours}小时"
    return f"剩余 {span}" if seconds >= 0 else f"超时 {span}"


def parse_words(text: str) -> tuple[str, ...]:
    """Filter words from text separated by commas, 、, spaces or new lines."""
    for sep in ("，", "、", ",", "\n", "\t"):
        text = text.replace(sep, " ")
    return tuple(dict.fromkeys(w for w in text.split() if w))


def save_source(actor: Actor, data: SourceInput) -> ReprintSource:
    """Add or update (by site and URL) a source. Admin/operator only; UsageError on a bad URL or kind."""
    actor.require(ADMIN, OPERATOR)
    site = actor.sites().filter(pk=data.site_id).first()
    if site is None:
        raise UsageError("网站不存在")
    if not data.url.startswith(("http://", "https://")) or not data.name.strip():
        raise UsageError("请填写来源名称和以 http:// 或 https:// 开头的地址")
    if data.kind not in ReprintSource.Kind.values or not 1 <= data.deadline_hours <= 240:
        raise UsageError("来源类型或转载时限不正确")
    source, _ = ReprintSource.objects.update_or_create(
        site=site, url=data.url, defaults={"name": data.name.strip(), "kind": data.kind, "active": True,
                                           "filter_words": list(data.filter_words),
                                           "deadline_hours": data.deadline_hours})
    return source
