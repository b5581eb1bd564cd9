"""Registry import/export (issue #3 §2): sites and new-media accounts from and to xlsx/csv files.

Public API:
- :func:`import_registry` (path, now=None, dry_run=False) → :class:`ImportResult`
- :func:`export_registry` (path, kind=None) → :class:`ExportResult`
- :func:`ensure_site_monitoring` (site, now=None) → rows created (home probe target, two schedules);
  :func:`ensure_sites_monitoring` (sites, now=None) the same for many sites in a few queries;
  :func:`ensure_accounts_monitoring` (accounts=None, now=None) → patrol rows created for accounts
- :class:`RegistryFileError` (a UsageError) for files that cannot be read as a registry
"""

from govwatch.services.registry_io.importer import ImportResult, KindCounts, import_registry
from govwatch.services.registry_io.monitoring import (
    DEFAULT_FULL_SCAN_DAYS,
    DEFAULT_INCREMENTAL_HOURS,
    ensure_accounts_monitoring,
    ensure_site_monitoring,
    ensure_sites_monitoring,
)
from govwatch.services.registry_io.reader import RegistryFileError, read_registry
from govwatch.services.registry_io.schema import RowProblem, SheetKind, normalize_home_url
from govwatch.services.registry_io.writer import ExportResult, export_registry

__all__ = [
    "DEFAULT_FULL_SCAN_DAYS", "DEFAULT_INCREMENTAL_HOURS", "ExportResult", "ImportResult", "KindCounts",
    "RegistryFileError", "RowProblem", "SheetKind", "ensure_accounts_monitoring", "ensure_site_monitoring", "ensure_sites_monitoring", "export_registry",
    "import_registry", "normalize_home_url", "read_registry",
]
