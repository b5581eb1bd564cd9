"""Database side of the dashboard (issue #4 §1): aggregates for the fleet overview, a site's page, the
findings list and the unit and account lists.

Every function takes querysets the caller has already narrowed to what the user may see
(``services.access.Actor``) and aggregates in SQL: one query per panel, never one per row. Probe counts
follow ``govwatch.checks.availability``: homepage probes only, re-probes never samples, a failure counted
once confirmed, excused probes (approved 网站临时报备) left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from govwatch.storage.models import (
    Account,
    AccountFinding,
    AccountRun,
    Finding,
    Post,
    Probe,
    ProbeDay,
    Score,
    Site,
)

CHINA = ZoneInfo("Asia/Shanghai")
COUNTED = Q(recheck=False, excused=False) & (Q(ok=True) | Q(confirmed=True))
FAILED = COUNTED & Q(ok=False)
LEVELS = ("市", "县", "乡镇", "")
KINDS = ("portal", "department")


# ------------------------------------------------------------------------------------------- scores

def latest_quarter(scores: QuerySet[Score], upto: str) -> str | None:
    """The latest quarter label (``2026Q4``) ≤ ``upto`` that has stored scores, None when none has."""
    return (scores.filter(period__contains="Q", period__lte=upto).order_by("-period")
            .values_list("period", flat=True).first())


def verdict_counts(scores: QuerySet[Score], period: str) -> dict[str, int]:
    """Stored scores of ``period`` per verdict (合格 / 不合格 / 无法判定) plus ``vetoed``."""
    rows = scores.filter(period=period, site__active=True)
    out = {row["verdict"]: row["n"] for row in rows.values("verdict").order_by().annotate(n=Count("id"))}
    out["vetoed"] = rows.filter(vetoed=True).count()
    return out


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking: stored ``rank`` within level and kind (vetoed sites after the others)."""

    site_id: int
    site: str
    unit_id: int
    unit: str
    level: str
    kind: str
    verdict: str
    vetoed: bool
    total: float | None
    rank: int | None


def ranking(scores: QuerySet[Score], period: str) -> list[RankRow]:
    """The stored scores of ``period`` (active sites) ordered by level, kind, vetoed last, rank, name."""
    rows = (scores.filter(period=period, site__active=True)
            .values_list("site_id", "site__name", "site__unit_id", "site__unit__name", "site__level", "site__kind",
                         "verdict", "vetoed", "total", "rank"))
    out = [RankRow(*row) for row in rows]

    def order(r: RankRow) -> tuple[int, int, bool, int, str]:
        lv = LEVELS.index(r.level) if r.level in LEVELS else len(LEVELS)
        kd = KINDS.index(r.kind) if r.kind in KINDS else len(KINDS)
        return (lv, kd, r.vetoed, r.rank or 10**9, r.site)

    return sorted(out, key=order)


@dataclass(frozen=True)
class VetoRow:
    """A vetoed site of a period: the failed veto indicators' ``titles`` and ``reasons`` (the messages of
    the findings behind them, or the availability ratio)."""

    site_id: int
    site: str
    unit: str
    titles: tuple[str, ...]
    reasons: tuple[str, ...]


def veto_rows(scores: QuerySet[Score], period: str, veto_codes: Sequence[str], since: datetime,
              limit: int = 50) -> list[VetoRow]:
    """Vetoed sites of ``period`` by name (at most ``limit``): the veto titles stored with the score (read
    with a JSON key transform, not the whole ``detail``) and as reasons the messages of the site's veto
    findings (``veto_codes``) seen since ``since`` (up to 3), plus the availability ratio when it vetoed."""
    rows = list(scores.filter(period=period, vetoed=True, site__active=True).order_by("site__name")
                .values_list("site_id", "site__name", "site__unit__name", "detail__vetoes",
                             "detail__availability__verdict", "detail__availability__ratio")[:limit])
    messages: dict[int, list[str]] = {}
    found = (Finding.objects.filter(site_id__in=[r[0] for r in rows], code__in=list(veto_codes), last_seen__gte=since)
             .order_by("site_id", "-last_seen").values_list("site_id", "message"))
    for site_id, message in found:
        messages.setdefault(site_id, [])
        if len(messages[site_id]) < 3:
            messages[site_id].append(message)
    out = []
    for site_id, name, unit, titles, verdict, ratio in rows:
        reasons = messages.get(site_id, [])
        if verdict == "veto" and ratio is not None:
            reasons.append(f"首页探测失败率 {float(ratio):.2%}")
        out.append(VetoRow(site_id, name, unit, tuple(titles or ()), tuple(reasons)))
    return out


@dataclass(frozen=True)
class TrendPoint:
    """Counts of one quarter's stored scores."""

    period: str
    passed: int
    failed: int
    undetermined: int
    vetoed: int
    mean_total: float | None


def quarter_trend(scores: QuerySet[Score], upto: str, last: int = 6) -> list[TrendPoint]:
    """The last ``last`` quarters ≤ ``upto`` with stored scores, oldest first."""
    rows = (scores.filter(period__contains="Q", period__lte=upto, site__active=True).values("period").order_by()
            .annotate(p=Count("id", filter=Q(verdict="合格")), f=Count("id", filter=Q(verdict="不合格")),
                      u=Count("id", filter=Q(verdict="无法判定")), v=Count("id", filter=Q(vetoed=True)),
                      m=Avg("total")))
    points = sorted((TrendPoint(r["period"], r["p"], r["f"], r["u"], r["v"], r["m"]) for r in rows),
                    key=lambda t: t.period)
    return points[-last:]


def site_score(scores: QuerySet[Score], site_id: int, period: str) -> Score | None:
    """The site's score of ``period``, else its latest quarter's, else None."""
    rows = scores.filter(site_id=site_id)
    return rows.filter(period=period).first() or rows.filter(period__contains="Q").order_by("-period").first()


def site_score_history(scores: QuerySet[Score], site_id: int, last: int = 8) -> list[tuple[str, str, float | None]]:
    """(period, verdict, total) of the site's last ``last`` quarters, oldest first."""
    rows = list(scores.filter(site_id=site_id, period__contains="Q").order_by("-period")
                .values_list("period", "verdict", "total")[:last])
    return rows[::-1]


# --------------------------------------------------------------------------------------- availability

@dataclass(frozen=True)
class DayTally:
    """Homepage probes of one Beijing day: ``counted`` samples, confirmed ``failures``, mean seconds."""

    day: date
    counted: int
    failures: int
    mean_seconds: float | None

    @property
    def percent(self) -> float | None:
        """Availability in percent (None without samples)."""
        return None if not self.counted else round(100 * (self.counted - self.failures) / self.counted, 2)


def beijing_midnight(day: date) -> datetime:
    """The aware start of a Beijing calendar day."""
    return datetime(day.year, day.month, day.day, tzinfo=CHINA)


def _home_in_range(probes: QuerySet[Probe], narrowed: bool, start: datetime, end: datetime) -> tuple[QuerySet[Probe], Q]:
    """Probes of [start, end) and the condition that keeps homepage ones. For the whole fleet the kind goes
    into WHERE (index gw_probe_home_day); for a few sites (``narrowed``) into the aggregates, so that SQLite
    reads those sites' rows through the (site, at) index instead of the whole fleet's range."""
    rows = probes.filter(at__gte=start, at__lt=end)
    if narrowed:
        return rows, Q(target_kind="home")
    return rows.filter(target_kind="home"), Q()


def daily_availability(probes: QuerySet[Probe], first_day: date, days: int, narrowed: bool = False) -> list[DayTally]:
    """Per Beijing day from ``first_day`` for ``days`` days, the homepage tallies of ``probes`` (``narrowed``:
    already limited to a few sites by id): one small aggregate query a day over an index range."""
    out = []
    for i in range(days):
        day = first_day + timedelta(days=i)
        start = beijing_midnight(day)
        rows, home = _home_in_range(probes, narrowed, start, start + timedelta(days=1))
        got = rows.aggregate(c=Count("id", filter=home & COUNTED), f=Count("id", filter=home & FAILED),
                             s=Avg("seconds", filter=home & Q(recheck=False)))
        out.append(DayTally(day, got["c"] or 0, got["f"] or 0, got["s"]))
    return out


def failing_sites(probes: QuerySet[Probe], since: datetime, until: datetime, limit: int = 10
                  ) -> list[tuple[int, str, int, int]]:
    """(site id, site name, failures, counted) of the sites with confirmed homepage failures in
    [since, until), most failures first. Failures are rare: they are found first (gw_probe_failed), then
    only those sites' samples are counted (through the (site, at) index)."""
    # ``ok__in=[False]`` renders as ``ok IN (0)``, an equality SQLite matches to the index (``NOT ok`` is not).
    failed = (probes.filter(FAILED, ok__in=[False], target_kind="home", at__gte=since, at__lt=until).values("site_id")
              .order_by().annotate(f=Count("id")).order_by("-f", "site_id")[:limit])
    top = {r["site_id"]: r["f"] for r in failed}
    rows, home = _home_in_range(Probe.objects.filter(site_id__in=list(top)), True, since, until)
    totals = {r["site_id"]: r["c"] for r in rows.values("site_id").order_by().annotate(c=Count("id", filter=home & COUNTED))}
    names = dict(Site.objects.filter(id__in=list(top)).values_list("id", "name"))
    return [(sid, names.get(sid, ""), f, totals.get(sid, 0)) for sid, f in top.items()]


def site_daily_probes(site: Site, first_day: date, days: int) -> list[DayTally]:
    """The site's homepage tallies per Beijing day for ``days`` days from ``first_day``: raw probes,
    plus ProbeDay rows for days already downsampled."""
    start = beijing_midnight(first_day)
    until = start + timedelta(days=days)
    buckets: dict[date, list[float]] = {}
    # Only the site and the time range in WHERE: the planner then always takes the (site, at) index (with
    # the kind in WHERE, PostgreSQL without fresh statistics scanned the whole fleet's range).
    rows = (Probe.objects.filter(site_id=site.id, at__gte=start, at__lt=until)
            .values_list("at", "ok", "confirmed", "excused", "seconds", "target_kind", "recheck"))
    for at, ok, confirmed, excused, seconds, kind, recheck in rows:
        if kind != "home" or recheck:
            continue
        b = buckets.setdefault(at.astimezone(CHINA).date(), [0, 0, 0.0, 0])
        b[2], b[3] = b[2] + seconds, b[3] + 1
        if not excused and (ok or confirmed):
            b[0] += 1
            b[1] += 0 if ok else 1
    folded = ProbeDay.objects.filter(site_id=site.id, url=site.home_url, day__gte=first_day,
                                     day__lt=first_day + timedelta(days=days))
    for day, total, failures, mean in folded.values_list("day", "total", "failures", "mean_seconds"):
        if day not in buckets:
            buckets[day] = [total, failures, mean * total, total]
    out = []
    for i in range(days):
        day = first_day + timedelta(days=i)
        c, f, s, n = buckets.get(day, [0, 0, 0.0, 0])
        out.append(DayTally(day, int(c), int(f), round(s / n, 3) if n else None))
    return out


# ------------------------------------------------------------------------------------------- findings

def open_counts_by_code(findings: QuerySet[Finding]) -> dict[str, int]:
    """Open findings per code."""
    rows = findings.filter(status=Finding.Status.OPEN).values("code").order_by().annotate(n=Count("id"))
    return {r["code"]: r["n"] for r in rows}


@dataclass(frozen=True)
class FindingFilter:
    """Filters of the findings list; empty values mean 'any'. ``codes`` an explicit code list (from an
    indicator), ``since``/``until`` inclusive Beijing days of ``last_seen``."""

    codes: tuple[str, ...] = ()
    unit_id: int | None = None
    site_id: int | None = None
    level: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""


def filter_findings(findings: QuerySet[Finding], f: FindingFilter) -> QuerySet[Finding]:
    """``findings`` narrowed by ``f``, newest first, with site and unit joined."""
    rows = findings.select_related("site", "site__unit")
    if f.codes:
        rows = rows.filter(code__in=list(f.codes))
    if f.unit_id is not None:
        rows = rows.filter(site__unit_id=f.unit_id)
    if f.site_id is not None:
        rows = rows.filter(site_id=f.site_id)
    if f.level:
        rows = rows.filter(site__level=f.level)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.since is not None:
        rows = rows.filter(last_seen__gte=beijing_midnight(f.since))
    if f.until is not None:
        rows = rows.filter(last_seen__lt=beijing_midnight(f.until + timedelta(days=1)))
    if f.text:
        rows = rows.filter(Q(message__icontains=f.text) | Q(url__icontains=f.text))
    return rows.order_by("-last_seen", "-id")


def open_findings_of(findings: QuerySet[Finding], site_id: int, limit: int) -> list[Finding]:
    """The site's open findings by code and URL (at most ``limit``)."""
    return list(findings.filter(site_id=site_id, status=Finding.Status.OPEN).order_by("code", "url", "id")[:limit])


# ------------------------------------------------------------------------------------ units, accounts

def _count_of(model: Any, field: str, **extra: Any) -> Coalesce:
    rows = model.objects.filter(**{field: OuterRef("pk")}, **extra).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField()), 0)


def unit_rows(units: QuerySet[Any]) -> list[Any]:
    """Units with ``n_sites``, ``n_accounts``, ``n_open`` (website findings) and ``n_account_open``."""
    return list(units.annotate(
        n_sites=_count_of(Site, "unit", active=True), n_accounts=_count_of(Account, "unit", active=True),
        n_open=_count_of(Finding, "site__unit", status=Finding.Status.OPEN),
        n_account_open=_count_of(AccountFinding, "account__unit", status=AccountFinding.Status.OPEN),
    ).order_by("name"))


def site_rows(sites: QuerySet[Site], period: str) -> QuerySet[Site]:
    """Sites with their unit, ``n_open`` findings and ``score_verdict``/``score_total`` of ``period``."""
    score = Score.objects.filter(site=OuterRef("pk"), period=period)
    return (sites.select_related("unit")
            .annotate(n_open=_count_of(Finding, "site", status=Finding.Status.OPEN),
                      score_verdict=Subquery(score.values("verdict")[:1]),
                      score_total=Subquery(score.values("total")[:1]),
                      score_vetoed=Subquery(score.values("vetoed")[:1]))
            .order_by("unit__name", "name"))


def account_rows(accounts: QuerySet[Account], since: datetime) -> QuerySet[Account]:
    """Accounts with their unit, ``n_open`` findings, ``n_posts`` since ``since``, the latest run's
    ``last_verdict`` and ``last_run_at``, and ``latest_post``."""
    last_run = AccountRun.objects.filter(account=OuterRef("pk")).order_by("-started_at")
    latest = Post.objects.filter(account=OuterRef("pk")).order_by("-published_at")
    return (accounts.select_related("unit")
            .annotate(n_open=_count_of(AccountFinding, "account", status=AccountFinding.Status.OPEN),
                      n_posts=_count_of(Post, "account", published_at__gte=since),
                      last_verdict=Subquery(last_run.values("verdict")[:1]),
                      last_run_at=Subquery(last_run.values("started_at")[:1]),
                      latest_post=Subquery(latest.values("published_at")[:1]))
            .order_by("unit__name", "platform", "name"))


def post_months(account_id: int, since: datetime) -> list[tuple[str, int]]:
    """(YYYY-MM in Beijing time, posts) of an account since ``since``, oldest first."""
    counts: dict[str, int] = {}
    for at in Post.objects.filter(account_id=account_id, published_at__gte=since).values_list("published_at",
                                                                                               flat=True):
        key = at.astimezone(CHINA).strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items())


def open_totals(findings: QuerySet[Finding], account_findings: QuerySet[AccountFinding]) -> tuple[int, int]:
    """(open website findings, open account findings)."""
    return (findings.filter(status=Finding.Status.OPEN).count(),
            account_findings.filter(status=AccountFinding.Status.OPEN).count())

