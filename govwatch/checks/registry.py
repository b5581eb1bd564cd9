"""The one list of checks a scan runs. Adding a check = one module + one line here."""

from __future__ import annotations

from types import ModuleType

from govwatch.checks import (
    column_blank,
    column_stale,
    column_veto,
    domain,
    homepage_stale,
    identity_footer,
    links,
)

CHECKS: list[ModuleType] = [
    homepage_stale,
    column_stale,
    column_blank,
    column_veto,
    identity_footer,
    domain,
    links,
]


def check_ids() -> list[str]:
    """The ids of every registered check (what a rulebook indicator's ``check`` may name)."""
    return [module.ID for module in CHECKS]
