"""Monitoring rows every registered site needs: its homepage probe target and its two scan schedules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from govwatch.services.newmedia.patrols import ensure_account_patrols
from govwatch.storage.account_queries import accounts as all_accounts
from govwatch.storage.models import Account, Site
from govwatch.storage.registry_queries import ensure_monitoring_rows

#: Platform defaults (issue #3 §4): a full scan weekly, an incremental scan daily.
DEFAULT_FULL_SCAN_DAYS = 7
DEFAULT_INCREMENTAL_HOURS = 24


def ensure_site_monitoring(site: Site, now: datetime | None = None) -> int:
    """Give ``site`` what monitoring needs, when missing: a ProbeTarget of kind ``home`` for its homepage
    (next probe at ``now``) and ScanSchedule rows ``full`` (every ``site.full_scan_days`` days, default
    7) and ``incremental`` (every ``site.incremental_hours`` hours, default 24), due at ``now`` (default:
    the current time, UTC). Idempotent: existing schedules keep their interval and due time; an existing
    home target follows a changed homepage URL. Returns the number of rows created.
    """
    return ensure_sites_monitoring([site], now)


def ensure_sites_monitoring(sites: Sequence[Site], now: datetime | None = None) -> int:
    """:func:`ensure_site_monitoring` for many sites in a constant number of queries."""
    now = now or datetime.now(UTC)
    return ensure_monitoring_rows([
        (site, (site.full_scan_days or DEFAULT_FULL_SCAN_DAYS) * 86_400,
         (site.incremental_hours or DEFAULT_INCREMENTAL_HOURS) * 3_600) for site in sites], now)


def ensure_accounts_monitoring(accounts: Sequence[Account] | None = None, now: datetime | None = None) -> int:
    """Give each new-media account (default: every active account) its patrol row (巡检计划, due at
    ``now``; cadence by level and kind, services.newmedia.patrols) when missing; returns rows created."""
    return ensure_account_patrols(all_accounts() if accounts is None else accounts, now)
