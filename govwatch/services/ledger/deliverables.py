"""Deliverable counters (issue #8 §3): at least 12 专题 and 20 政策图解 a year (contract), counted from the
ledger's rows of kind topic/graphic, against each site's DeliverablePlan (target and planned items by month).

A site is *behind* when fewer are done than the pro-rata share of the target due by the month of ``today``
(⌈target × month / 12⌉; the whole target once the year is over).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from govwatch.core.clock import CHINA_TZ
from govwatch.services.access import Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger.publications import visible_publications, writable_site
from govwatch.storage.ledger.models import DeliverablePlan

DEFAULT_TARGETS = {"topic": 12, "graphic": 20}
KIND_LABELS = {"topic": "专题", "graphic": "政策图解"}


@dataclass(frozen=True)
class MonthRow:
    """One month: planned item titles and how many were published."""

    month: int
    planned: tuple[str, ...]
    done: int


@dataclass(frozen=True)
class Counter:
    """One site's counter for one kind and year: ``done`` of ``target``, ``expected`` by now, per month."""

    site_id: int
    site_name: str
    kind: str
    year: int
    target: int
    done: int
    expected: int
    months: tuple[MonthRow, ...]

    @property
    def label(self) -> str:
        """专题 or 政策图解."""
        return KIND_LABELS[self.kind]

    @property
    def behind(self) -> bool:
        """Fewer done than expected by now."""
        return self.done < self.expected

    @property
    def remaining(self) -> int:
        """How many are still to do for the target (0 when met)."""
        return max(0, self.target - self.done)


def expected_by(target: int, year: int, today: date) -> int:
    """The pro-rata share of ``target`` due by ``today``'s month (0 before the year, all after it)."""
    if today.year < year:
        return 0
    if today.year > year:
        return target
    return math.ceil(target * today.month / 12)


def counters(actor: Actor, year: int, today: date, site_id: int | None = None) -> list[Counter]:
    """The counters of every visible site (or one) for ``year``, by site name then kind."""
    sites = actor.sites().order_by("name") if site_id is None else actor.sites().filter(pk=site_id)
    plans = {(p.site_id, p.kind): p for p in DeliverablePlan.objects.filter(year=year, site__in=sites)}
    out = []
    for site in sites:
        for kind in DEFAULT_TARGETS:
            plan = plans.get((site.pk, kind))
            pubs = visible_publications(actor, site_id=site.pk, year=year, kind=kind)
            by_month = [0] * 13
            for when in pubs.values_list("published_at", flat=True):
                by_month[_china_month(when)] += 1
            target = plan.target if plan else DEFAULT_TARGETS[kind]
            items = list(plan.items) if plan else []
            months = tuple(MonthRow(m, tuple(str(i.get("title", "")) for i in items if i.get("month") == m),
                                    by_month[m]) for m in range(1, 13))
            out.append(Counter(site.pk, site.name, kind, year, target, sum(by_month), expected_by(target, year, today),
                               months))
    return out


def _china_month(moment: datetime) -> int:
    return moment.astimezone(CHINA_TZ).month


def parse_items(text: str) -> list[dict[str, object]]:
    """Planned items from lines ``月份 标题`` (e.g. ``3 优化营商环境专题``); UsageError on a bad month."""
    items: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        month, _, title = line.replace("月", " ", 1).partition(" ")
        if not month.isdigit() or not 1 <= int(month) <= 12 or not title.strip():
            raise UsageError(f"第 {number} 行应为“月份 标题”，如“3 优化营商环境专题”：{line}")
        items.append({"month": int(month), "title": title.strip()})
    return items


def save_plan(actor: Actor, site_id: int, year: int, kind: str, target: int,
              items: Sequence[dict[str, object]]) -> DeliverablePlan:
    """Create or replace the plan of (site, year, kind). UsageError on an unknown kind or a negative target."""
    site = writable_site(actor, site_id)
    if kind not in DEFAULT_TARGETS:
        raise UsageError(f"未知类型：{kind}（可选 topic 专题、graphic 政策图解）")
    if target < 0:
        raise UsageError("年度目标数不能为负数")
    plan, _ = DeliverablePlan.objects.update_or_create(site=site, year=year, kind=kind,
                                                      defaults={"target": target, "items": list(items)})
    return plan
