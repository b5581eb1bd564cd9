"""Database side of registry import/export: upserts by natural key, monitoring rows, export reads.

Natural keys: a site by its normalised homepage URL (the caller passes the normalising function, so
rows stored with another spelling of the same URL are found), an account by (platform, platform id),
a unit by its name. Callers run these inside one transaction (services.registry_io).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from govwatch.storage.models import Account, ProbeTarget, ScanSchedule, Site, Unit


@dataclass(frozen=True)
class SiteRecord:
    """A site as the registry file states it; ``home_url``/``parent_url`` normalised (parent ``""``:
    none); ``level`` 市/县/乡镇; ``kind`` portal/department; ``site_id_code`` may be ``""``."""

    home_url: str
    name: str
    site_id_code: str
    unit: str
    level: str
    kind: str
    parent_url: str = ""
    existing_url: str = ""  # stored home_url of the site this row updates ('' = match by home_url)


@dataclass(frozen=True)
class AccountRecord:
    """An account as the registry file states it; ``platform`` wechat/weibo/douyin/app/other;
    ``feed_url`` its RSS/Atom feed ('' = none given: an import leaves the stored one as it is)."""

    platform: str
    name: str
    platform_id: str
    unit: str
    level: str
    feed_url: str = ""


@dataclass(frozen=True)
class KnownSite:
    """A site already in the database, as parent resolution and matching need it (``home_url`` and
    ``parent_url`` raw as stored, ``parent_url``/``site_id_code`` ``""`` when none)."""

    home_url: str
    name: str
    kind: str
    parent_url: str
    site_id_code: str = ""


@dataclass(frozen=True)
class UpsertCounts:
    """Rows created, updated (some field changed) and unchanged by one upsert."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def known_sites() -> list[KnownSite]:
    """Every site in the database, with its parent portal's homepage URL."""
    rows = Site.objects.values_list("home_url", "name", "kind", "parent__home_url", "site_id_code")
    return [KnownSite(url, name, kind, parent or "", code or "") for url, name, kind, parent, code in rows]


def ensure_units(levels: dict[str, str]) -> tuple[dict[str, Unit], int]:
    """Units by name, created for the names not yet in the database (with the given level).

    ``levels`` maps unit name → level for a new unit. Returns ({name: Unit}, number created).
    """
    units = {u.name: u for u in Unit.objects.filter(name__in=list(levels))}
    missing = [name for name in levels if name not in units]
    for name in missing:
        units[name] = Unit.objects.create(name=name, level=levels[name])
    return units, len(missing)


def _count(statuses: Iterable[str]) -> UpsertCounts:
    values = list(statuses)
    return UpsertCounts(values.count("created"), values.count("updated"), values.count("unchanged"))


def upsert_sites(records: Sequence[SiteRecord], units: dict[str, Unit],
                 key: Callable[[str], str]) -> tuple[UpsertCounts, list[Site]]:
    """Create or update one site per record, then set the parents once every site of ``records`` exists.

    A record with ``existing_url`` updates the site stored under that homepage URL (its URL may change:
    http → https, a trailing slash); otherwise the site whose ``key``-normalised homepage URL equals the
    record's. Returns the counts and the sites in record order.
    """
    rows = list(Site.objects.select_related("parent"))
    stored = {s.home_url: s for s in rows}
    existing = {key(s.home_url): s for s in rows}
    statuses: list[str] = []
    sites: list[Site] = []
    for r in records:
        site = stored.get(r.existing_url) if r.existing_url else existing.get(r.home_url)
        fields = {"home_url": r.home_url, "name": r.name, "site_id_code": r.site_id_code,
                  "unit_id": units[r.unit].pk, "level": r.level, "kind": r.kind}
        if site is None:
            site = Site.objects.create(**fields)
            existing[r.home_url] = site
            statuses.append("created")
        else:
            statuses.append("updated" if _update(site, fields) else "unchanged")
            existing[r.home_url] = site
        sites.append(site)
    for i, (r, site) in enumerate(zip(records, sites, strict=True)):
        parent_id = existing[r.parent_url].pk if r.parent_url else None
        if _update(site, {"parent_id": parent_id}) and statuses[i] == "unchanged":
            statuses[i] = "updated"
    return _count(statuses), sites


def _update(row: Site | Account, fields: dict[str, object]) -> bool:
    """Set the fields that differ and save only those; True when something changed."""
    changed = [name for name, value in fields.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, fields[name])
    if changed:
        row.save(update_fields=[*changed, *(["updated_at"] if isinstance(row, Site) else [])])
    return bool(changed)


def upsert_accounts(records: Sequence[AccountRecord], units: dict[str, Unit]) -> UpsertCounts:
    """Create or update one account per record, keyed by (platform, platform_id)."""
    existing = {(a.platform, a.platform_id): a for a in Account.objects.all()}
    statuses = []
    for r in records:
        fields: dict[str, object] = {"name": r.name, "unit_id": units[r.unit].pk, "level": r.level}
        if r.feed_url:
            fields["feed_url"] = r.feed_url
        account = existing.get((r.platform, r.platform_id))
        if account is None:
            existing[(r.platform, r.platform_id)] = Account.objects.create(
                platform=r.platform, platform_id=r.platform_id, **fields)
            statuses.append("created")
        else:
            statuses.append("updated" if _update(account, fields) else "unchanged")
    return _count(statuses)


def ensure_monitoring_rows(sites: Sequence[tuple[Site, int, int]], now: datetime) -> int:
    """Give each site its homepage ProbeTarget (kind home) and its full and incremental ScanSchedule rows
    when missing, due at ``now``; an existing home target follows a changed homepage URL. Existing
    schedules are left as they are. ``sites`` holds (site, full interval s, incremental interval s).
    A constant number of queries for any number of sites, plus one per moved home URL. Returns the
    number of rows created.
    """
    ids = [site.pk for site, _, _ in sites]
    homes = {t.site_id: t for t in ProbeTarget.objects.filter(site_id__in=ids, kind=ProbeTarget.Kind.HOME)}
    taken = set(ProbeTarget.objects.filter(site_id__in=ids).values_list("site_id", "url"))
    schedules = set(ScanSchedule.objects.filter(site_id__in=ids).values_list("site_id", "kind"))
    targets, plans = [], []
    for site, full_seconds, incremental_seconds in sites:
        home = homes.get(site.pk)
        if home is None and (site.pk, site.home_url) not in taken:
            targets.append(ProbeTarget(site=site, kind=ProbeTarget.Kind.HOME, name="首页", url=site.home_url,
                                       next_probe_at=now))
        elif home is not None and home.url != site.home_url and (site.pk, site.home_url) not in taken:
            home.url = site.home_url
            home.save(update_fields=["url"])
        for kind, seconds in ((str(ScanSchedule.Kind.FULL), full_seconds),
                              (str(ScanSchedule.Kind.INCREMENTAL), incremental_seconds)):
            if (site.pk, kind) not in schedules:
                plans.append(ScanSchedule(site=site, kind=kind, interval_seconds=seconds, next_run_at=now))
    ProbeTarget.objects.bulk_create(targets)
    ScanSchedule.objects.bulk_create(plans)
    return len(targets) + len(plans)


def sites_for_export() -> list[SiteRecord]:
    """Every site as a record (URLs as stored), ordered by level (市, 县, 乡镇), portals first, name."""
    order = {"市": 0, "县": 1, "乡镇": 2}
    rows = Site.objects.select_related("unit", "parent").order_by("name", "home_url")
    records = [SiteRecord(s.home_url, s.name, s.site_id_code, s.unit.name, s.level, s.kind,
                          s.parent.home_url if s.parent else "") for s in rows]
    return sorted(records, key=lambda r: (order.get(r.level, 3), r.kind != Site.Kind.PORTAL))


def accounts_for_export() -> list[AccountRecord]:
    """Every account as a record, ordered by platform, name and platform id."""
    rows = Account.objects.select_related("unit").order_by("platform", "name", "platform_id")
    return [AccountRecord(a.platform, a.name, a.platform_id, a.unit.name, a.level, a.feed_url) for a in rows]
