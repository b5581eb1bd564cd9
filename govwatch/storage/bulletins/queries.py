"""What a bulletin reads from the database, as plain values: the sites, findings, new-media findings and
rectification items of a scope (全市 ``city``, a level ``level:县`` or a unit ``unit:<id>``) and period.

A finding counts for a period when it was open at some moment of [start, end) (score_queries'
rule); suspected dead links (疑似不可用, seen on one day only) are left out, as the scores leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from govwatch.storage.models import Account, AccountFinding, Finding, Site, Unit
from govwatch.storage.rectify.models import Rectification, RectificationItem

SUSPECTED = "suspected"


@dataclass(frozen=True)
class Scope:
    """A parsed scope: ``kind`` 'city' | 'level' | 'unit', ``value`` the level (县) or the unit id."""

    kind: str
    value: str = ""

    def q(self, prefix: str = "") -> Q:
        """A filter on rows reached through ``prefix`` (``site__`` for findings, ``account__`` …)."""
        if self.kind == "level":
            return Q(**{f"{prefix}level": self.value})
        if self.kind == "unit":
            return Q(**{f"{prefix}unit_id": int(self.value)})
        return Q()

    def unit_q(self, field: str = "unit") -> Q:
        """A filter on rows holding a unit in ``field`` (rectifications), by the unit's sites' level for a
        level scope."""
        if self.kind == "level":
            return Q(**{f"{field}__sites__level": self.value})
        if self.kind == "unit":
            return Q(**{f"{field}_id": int(self.value)})
        return Q()


def unit_name(unit_id: int) -> str | None:
    """The unit's name, None when there is no such unit."""
    return Unit.objects.filter(id=unit_id).values_list("name", flat=True).first()


def unit_id_by_name(name: str) -> int | None:
    """The id of the unit called ``name``, None when there is none."""
    return Unit.objects.filter(name=name).values_list("id", flat=True).first()


def site_id_by_ref(ref: str) -> int | None:
    """A site's id from its id, exact name or home URL; None when nothing (or several names) match."""
    if ref.isdigit() and Site.objects.filter(id=int(ref)).exists():
        return int(ref)
    by_url = Site.objects.filter(home_url__in=[ref, ref.rstrip("/") + "/"]).values_list("id", flat=True).first()
    if by_url is not None:
        return by_url
    named = list(Site.objects.filter(name=ref).values_list("id", flat=True)[:2])
    return named[0] if len(named) == 1 else None


def scope_home_urls(scope: Scope) -> set[str]:
    """Homepages of the active sites in scope (the ranking's rows are matched on them)."""
    return set(Site.objects.filter(scope.q(), active=True).values_list("home_url", flat=True))


@dataclass(frozen=True)
class FindingRow:
    """A website finding counted for the period: code, indicator ids, unit, whether resolved by now."""

    code: str
    indicators: tuple[str, ...]
    unit: str
    resolved: bool


def _open_during(start: datetime, end: datetime) -> Q:
    return Q(first_seen__lt=end) & (Q(status="open") | Q(resolved_at__isnull=False, resolved_at__gte=start))


def findings(start: datetime, end: datetime, scope: Scope) -> list[FindingRow]:
    """Website findings of active sites in scope open during [start, end), suspected ones left out."""
    rows = (Finding.objects.filter(_open_during(start, end), scope.q("site__"), site__active=True)
            .exclude(certainty=SUSPECTED).order_by("id")
            .values_list("code", "indicators", "site__unit__name", "status"))
    return [FindingRow(code, tuple(ind or ()), unit, status == Finding.Status.RESOLVED)
            for code, ind, unit, status in rows]


@dataclass(frozen=True)
class AccountFindingRow:
    """A new-media finding counted for the period, with its account."""

    account_id: int
    account: str
    platform: str
    unit: str
    code: str
    message: str


def account_findings(start: datetime, end: datetime, scope: Scope) -> list[AccountFindingRow]:
    """New-media findings of active accounts in scope open during [start, end)."""
    rows = (AccountFinding.objects.filter(_open_during(start, end), scope.q("account__"), account__active=True)
            .order_by("account__name", "id")
            .values_list("account_id", "account__name", "account__platform", "account__unit__name", "code",
                         "message"))
    labels = dict(Account.Platform.choices)
    return [AccountFindingRow(aid, name, labels.get(platform, platform), unit, code, message)
            for aid, name, platform, unit, code, message in rows]


def account_count(scope: Scope) -> int:
    """Active accounts in scope."""
    return Account.objects.filter(scope.q(), active=True).count()


@dataclass(frozen=True)
class RectifyItemRow:
    """One rectification item: the notice's unit, deadline and status, the item's status."""

    unit: str
    deadline: date
    notice_status: str
    item_status: str


def rectify_items(start: datetime, end: datetime, scope: Scope) -> list[RectifyItemRow]:
    """Items of the rectification notices issued in [start, end) to units in scope."""
    notices = Rectification.objects.filter(scope.unit_q(), created_at__gte=start, created_at__lt=end).distinct()
    rows = (RectificationItem.objects.filter(rectification__in=notices).order_by("id")
            .values_list("rectification__unit__name", "rectification__deadline", "rectification__status",
                         "status"))
    return [RectifyItemRow(*row) for row in rows]


def rectification_exists() -> bool:
    """True once any rectification notice was ever issued (else the 整改 table counts findings)."""
    return Rectification.objects.exists()
