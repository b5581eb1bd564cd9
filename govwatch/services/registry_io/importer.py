"""Importing a registry file: validate every row, then write all of it in one transaction or nothing.

Sites are keyed by normalised 首页网址 (also matched up to http/https and a trailing slash, then by
网站标识码) and accounts by (平台, 账号ID/主页), so importing the same file again — or with a homepage
URL respelled or moved — updates rows instead of duplicating them; 主办单位 are created by name on the fly; 上级门户 are
set once every site of the file exists; each site gets its monitoring rows (ensure_site_monitoring) and each
account its patrol (ensure_accounts_monitoring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction

from govwatch.services.registry_io.monitoring import ensure_accounts_monitoring, ensure_sites_monitoring
from govwatch.services.registry_io.reader import read_registry
from govwatch.services.registry_io.schema import RowProblem, SheetKind
from govwatch.services.registry_io.validate import safe_key, validate_accounts, validate_sites
from govwatch.storage.registry_queries import (
    AccountRecord,
    SiteRecord,
    UpsertCounts,
    ensure_units,
    known_sites,
    upsert_accounts,
    upsert_sites,
)

KindCounts = UpsertCounts


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with ``dry_run``, would do).

    ``sites``/``accounts``: rows created, updated and unchanged; ``kinds``: the registries the file
    held; ``units_created``: 主办单位 created by name; ``monitoring_created``: probe targets and scan
    schedules added. With ``problems`` nothing was written and every count is zero.
    """

    path: Path
    kinds: tuple[SheetKind, ...]
    sites: KindCounts = KindCounts()
    accounts: KindCounts = KindCounts()
    units_created: int = 0
    monitoring_created: int = 0
    problems: tuple[RowProblem, ...] = ()
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when no row was bad."""
        return not self.problems

    def summary(self) -> str:
        """One line in Chinese: ``网站：新增 N、更新 N、未变 N；…``."""
        parts = []
        for kind, counts in ((SheetKind.SITES, self.sites), (SheetKind.ACCOUNTS, self.accounts)):
            if kind in self.kinds:
                parts.append(f"{kind.value}：新增 {counts.created}、更新 {counts.updated}、未变 {counts.unchanged}")
        if self.units_created:
            parts.append(f"新建主办单位 {self.units_created} 个")
        return "；".join(parts)


def import_registry(path: Path | str, *, now: datetime | None = None, dry_run: bool = False) -> ImportResult:
    """Import the registry file at ``path`` (.xlsx with sheets 网站/新媒体账号, or one .csv).

    Every bad row is reported in ``ImportResult.problems`` and then nothing is imported. ``now``
    (default: current time, UTC) is when new sites' first probe and scans are due. ``dry_run`` validates
    and counts inside the transaction, then rolls it back. Raises RegistryFileError (a UsageError) when
    the file cannot be read as a registry (format, encoding, missing required columns).
    """
    path = Path(path)
    sheets = read_registry(path)
    kinds = tuple(s.kind for s in sheets)
    now = now or datetime.now(UTC)
    with transaction.atomic():
        sites: list[SiteRecord] = []
        accounts: list[AccountRecord] = []
        problems: list[RowProblem] = []
        for sheet in sheets:
            if sheet.kind is SheetKind.SITES:
                records, found = validate_sites(sheet, known_sites())
                sites += records
            else:
                account_records, found = validate_accounts(sheet)
                accounts += account_records
            problems += found
        if problems:
            return ImportResult(path, kinds, problems=tuple(problems), dry_run=dry_run)
        result = _apply(path, kinds, sites, accounts, now, dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _apply(path: Path, kinds: tuple[SheetKind, ...], sites: list[SiteRecord], accounts: list[AccountRecord],
           now: datetime, dry_run: bool) -> ImportResult:
    levels: dict[str, str] = {}
    for unit, level in [*((r.unit, r.level) for r in sites), *((r.unit, r.level) for r in accounts)]:
        levels.setdefault(unit, level)
    units, units_created = ensure_units(levels)
    site_counts, site_rows = upsert_sites(sites, units, safe_key)
    monitoring = ensure_sites_monitoring(site_rows, now)
    account_counts = upsert_accounts(accounts, units)
    if accounts:
        ensure_accounts_monitoring(None, now)  # patrols (巡检计划) are not counted in monitoring_created
    return ImportResult(path, kinds, site_counts, account_counts, units_created, monitoring, dry_run=dry_run)
