"""The fleet overview (总览, issue #4 §1): verdict counts of the quarter, vetoes, availability over the last
7 days, the trend by quarter, the ranking and open findings by indicator — for the whole fleet, or narrowed
to a unit user's own unit. Every query goes through the Actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import QuerySet

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.services.access import Actor
from govwatch.services.dashboard.common import (
    indicator_of,
    period_start,
    period_title,
    quarter_of,
    require_fleet,
    veto_codes,
)
from govwatch.services.scores import group_title
from govwatch.storage import dashboard_queries as q
from govwatch.storage.models import Probe, Score, Unit

AVAILABILITY_DAYS = 7
RANK_TOP, RANK_TAIL = 10, 5
DAY_CACHE_SECONDS = 600  # a finished day's tally changes only if a maintenance window is approved late
KIND_LABELS = {"veto": "单项否决", "deduct": "扣分", "bonus": "加分", "info": "提示"}


@dataclass(frozen=True)
class IndicatorCount:
    """Open findings of one indicator (or of a code outside the rulebook: ``id`` = the code)."""

    id: str
    title: str
    kind: str
    kind_label: str
    open: int
    codes: tuple[str, ...]

    @property
    def query(self) -> str:
        """The findings-list query string of this row's open findings."""
        key = "code" if self.id in self.codes else "indicator"
        return urlencode({"status": "open", key: self.id})


@dataclass(frozen=True)
class RankGroup:
    """The ranking rows of one level and kind (县级门户网站 …): ``rows`` shown (on the overview the best
    RANK_TOP and the last RANK_TAIL), ``total`` in the group."""

    title: str
    rows: list[q.RankRow]
    total: int

    @property
    def truncated(self) -> bool:
        """True when rows were left out."""
        return len(self.rows) < self.total


@dataclass(frozen=True)
class Overview:
    """Everything the 总览 page shows. ``period`` is the quarter shown (the current one, else the latest
    with stored scores: ``period_is_current`` False); ``scope`` 全部网站 or the unit's name; ``counts``
    合格/不合格/无法判定/未评分/vetoed; ``availability`` one DayTally per day, oldest first."""

    scope: str
    period: str
    period_title: str
    period_is_current: bool
    sites: int
    counts: dict[str, int]
    vetoes: list[q.VetoRow]
    availability: list[q.DayTally]
    failing: list[tuple[int, str, int, int]]
    trend: list[q.TrendPoint]
    ranking: list[RankGroup]
    by_indicator: list[IndicatorCount]
    open_findings: int
    open_account_findings: int


def overview(actor: Actor, now: datetime | None = None) -> Overview:
    """The overview for ``actor`` as of ``now`` (default: the current time). Raises AccessDenied for
    proofreaders and users without a role."""
    require_fleet(actor)
    now = now or utcnow()
    scores = actor.scope(Score.objects.all(), "site__unit_id")
    current = quarter_of(now)
    period = q.latest_quarter(scores, current) or current
    sites = actor.sites().filter(active=True).count()
    counts = q.verdict_counts(scores, period)
    counts["未评分"] = max(0, sites - sum(counts.get(v, 0) for v in ("合格", "不合格", "无法判定")))
    # Narrowed by site id (the (site, at) index) rather than joined to the site's unit.
    probes = Probe.objects.all() if actor.is_staff_side else Probe.objects.filter(site_id__in=actor.sites().values("id"))
    today = now.astimezone(CHINA_TZ).date()
    first = today - timedelta(days=AVAILABILITY_DAYS - 1)
    since = q.beijing_midnight(first)
    open_sites, open_accounts = q.open_totals(actor.findings(), actor.account_findings())
    return Overview(
        scope=_scope_label(actor), period=period, period_title=period_title(period),
        period_is_current=period == current, sites=sites, counts=counts,
        vetoes=q.veto_rows(scores, period, veto_codes(), period_start(period)),
        availability=_availability(actor, probes, first, today),
        failing=q.failing_sites(probes, since, since + timedelta(days=AVAILABILITY_DAYS)),
        trend=q.quarter_trend(scores, current), ranking=_groups(q.ranking(scores, period), RANK_TOP, RANK_TAIL),
        by_indicator=by_indicator(q.open_counts_by_code(actor.findings())),
        open_findings=open_sites, open_account_findings=open_accounts)


def _scope_label(actor: Actor) -> str:
    if actor.is_unit:
        unit = Unit.objects.filter(id=actor.unit_id).values_list("name", flat=True).first()
        return unit or "本单位"
    return "全部网站"


def _availability(actor: Actor, probes: QuerySet[Probe], first: date, today: date) -> list[q.DayTally]:
    """The daily tallies from ``first`` to ``today``: finished days from the cache (DAY_CACHE_SECONDS) when
    there, today always live."""
    scope = "fleet" if actor.is_staff_side else f"unit:{actor.unit_id}"
    keys = {first + timedelta(days=i): f"govwatch:avail:{scope}:{first + timedelta(days=i)}"
            for i in range((today - first).days)}
    cached = cache.get_many(list(keys.values()))
    out = []
    for day, key in keys.items():
        tally = cached.get(key)
        if tally is None:
            tally = q.daily_availability(probes, day, 1, narrowed=not actor.is_staff_side)[0]
            cache.set(key, tally, DAY_CACHE_SECONDS)
        out.append(tally)
    return out + q.daily_availability(probes, today, 1, narrowed=not actor.is_staff_side)


def _groups(rows: list[q.RankRow], top: int | None = None, tail: int = 0) -> list[RankGroup]:
    grouped: dict[str, list[q.RankRow]] = {}
    for row in rows:
        grouped.setdefault(group_title(row.level, row.kind), []).append(row)
    out = []
    for title, members in grouped.items():
        shown = members if top is None or len(members) <= top + tail else members[:top] + members[-tail:]
        out.append(RankGroup(title, shown, len(members)))
    return out


def ranking(actor: Actor, now: datetime | None = None) -> tuple[str, list[RankGroup]]:
    """(period label, every ranking group in full) of the quarter the overview shows."""
    require_fleet(actor)
    scores = actor.scope(Score.objects.all(), "site__unit_id")
    current = quarter_of(now or utcnow())
    period = q.latest_quarter(scores, current) or current
    return period, _groups(q.ranking(scores, period))


def by_indicator(counts: dict[str, int]) -> list[IndicatorCount]:
    """Open findings per code folded into their indicators; vetoes first, then most findings."""
    merged: dict[str, IndicatorCount] = {}
    for code, n in counts.items():
        ref = indicator_of(code)
        key, title, kind = (ref.id, ref.title, ref.kind) if ref else (code, code, "info")
        old = merged.get(key)
        codes = (old.codes if old else ()) + (code,)
        merged[key] = IndicatorCount(key, title, kind, KIND_LABELS.get(kind, kind), (old.open if old else 0) + n,
                                     codes)
    return sorted(merged.values(), key=lambda i: (i.kind != "veto", -i.open, i.id))
