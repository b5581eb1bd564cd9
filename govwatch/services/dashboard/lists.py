"""Lists of the dashboard (issue #4 §1): sites, findings (filtered, paginated), units and new-media
accounts, and the unit and account pages — all narrowed to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from govwatch.core.clock import utcnow
from govwatch.services.access import Actor
from govwatch.services.dashboard.common import NotFound, indicator_choices, quarter_of, require_fleet
from govwatch.services.dashboard.site import FindingView, finding_view
from govwatch.storage import dashboard_queries as q
from govwatch.storage.models import Account, AccountFinding, AccountRun, Finding, Post, Site, Unit

PAGE_SIZE = 50
POST_DAYS = 30


@dataclass(frozen=True)
class FindingQuery:
    """What the user asked of the findings list: ``indicator`` an indicator id, ``code`` a finding code
    (or its prefix ending in '.'), the rest as in dashboard_queries.FindingFilter."""

    indicator: str = ""
    code: str = ""
    unit_id: int | None = None
    site_id: int | None = None
    level: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


def findings(actor: Actor, query: FindingQuery) -> QuerySet[Finding]:
    """The actor's findings matching ``query``, newest first (site and unit joined)."""
    require_fleet(actor)
    codes: tuple[str, ...] = ()
    if query.indicator:
        codes = next((i.codes for i in indicator_choices() if i.id == query.indicator), ("-",))
    rows = actor.findings()
    if query.code:
        rows = rows.filter(code__startswith=query.code) if query.code.endswith(".") else rows.filter(code=query.code)
    return q.filter_findings(rows, q.FindingFilter(codes, query.unit_id, query.site_id, query.level, query.status,
                                                   query.since, query.until, query.text))


def findings_page(actor: Actor, query: FindingQuery, number: int | str | None) -> Page[Finding]:
    """Page ``number`` (1-based, bad values → nearest valid page) of the findings list."""
    return Paginator(findings(actor, query), PAGE_SIZE).get_page(number)


def finding_codes(actor: Actor) -> list[str]:
    """The finding codes present among the actor's findings, sorted (for the code filter)."""
    require_fleet(actor)
    return sorted(set(actor.findings().values_list("code", flat=True).distinct()))


def sites(actor: Actor, now: datetime | None = None) -> QuerySet[Site]:
    """The actor's active sites with unit, open findings and this quarter's verdict and total."""
    require_fleet(actor)
    return q.site_rows(actor.sites().filter(active=True), quarter_of(now or utcnow()))


def units(actor: Actor) -> list[Unit]:
    """The units the actor may see with site, account and open finding counts."""
    require_fleet(actor)
    return q.unit_rows(actor.units())


@dataclass(frozen=True)
class UnitPage:
    """A unit with its sites (annotated as in ``sites``), accounts and open findings."""

    unit: Unit
    sites: list[Site]
    accounts: list[Account]
    open_findings: list[FindingView]
    open_total: int
    open_account_findings: int


def unit_page(actor: Actor, unit_id: int, now: datetime | None = None) -> UnitPage:
    """The page of unit ``unit_id``; NotFound outside the actor's scope."""
    require_fleet(actor)
    unit = actor.units().filter(id=unit_id).first()
    if unit is None:
        raise NotFound("没有这个单位，或您无权查看")
    now = now or utcnow()
    open_rows = actor.findings().filter(site__unit_id=unit.id, status=Finding.Status.OPEN)
    return UnitPage(
        unit, list(q.site_rows(actor.sites().filter(unit_id=unit.id, active=True), quarter_of(now))),
        list(q.account_rows(actor.accounts().filter(unit_id=unit.id), now - timedelta(days=POST_DAYS))),
        [finding_view(f) for f in open_rows.select_related("site").order_by("-last_seen", "-id")[:50]],
        open_rows.count(),
        actor.account_findings().filter(account__unit_id=unit.id, status=AccountFinding.Status.OPEN).count())


def accounts(actor: Actor, platform: str = "", now: datetime | None = None) -> QuerySet[Account]:
    """The actor's accounts (optionally one platform) with open findings, posts of the last 30 days and
    the latest collection's verdict."""
    require_fleet(actor)
    rows = actor.accounts()
    if platform:
        rows = rows.filter(platform=platform)
    return q.account_rows(rows, (now or utcnow()) - timedelta(days=POST_DAYS))


@dataclass(frozen=True)
class AccountPage:
    """An account with its open findings, recent collection runs, post counts and latest posts."""

    account: Account
    findings: list[FindingView]
    open_count: int
    runs: list[AccountRun]
    posts_total: int
    posts_recent: int
    months: list[tuple[str, int]]
    latest_posts: list[Post] = field(default_factory=list)


def account_page(actor: Actor, account_id: int, now: datetime | None = None) -> AccountPage:
    """The page of account ``account_id``; NotFound outside the actor's scope."""
    require_fleet(actor)
    account = actor.accounts().select_related("unit").filter(id=account_id).first()
    if account is None:
        raise NotFound("没有这个账号，或您无权查看")
    now = now or utcnow()
    posts = Post.objects.filter(account_id=account.id)
    return AccountPage(
        account,
        [finding_view(f) for f in
         actor.account_findings().filter(account_id=account.id).order_by("status", "-last_seen", "-id")[:100]],
        actor.account_findings().filter(account_id=account.id, status=AccountFinding.Status.OPEN).count(),
        list(AccountRun.objects.filter(account_id=account.id).order_by("-started_at", "-id")[:20]),
        posts.count(), posts.filter(published_at__gte=now - timedelta(days=POST_DAYS)).count(),
        q.post_months(account.id, now - timedelta(days=365)),
        list(posts.order_by("-published_at")[:20]))

