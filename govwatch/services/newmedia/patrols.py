"""Patrols (巡检) of new-media accounts by level (issue #5 §3): cadence as data, rows per account, due
patrols claimed by compare-and-set and collected, overdue patrols listed.

Cadence (days) comes from ``govwatch/rules/data/newmedia-patrol.yaml``: 市政府账号 daily, 市直部门 twice
a week (3.5 days), 县政府 weekly, 县直单位/乡镇 monthly; an account's own ``patrol_days`` wins. The kind
(政府/部门) is the account's ``kind``, else read from its unit's name (人民政府, its 办公室/办公厅 and
新闻办公室 are the government's own accounts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from govwatch.core.clock import utcnow
from govwatch.core.errors import UsageError
from govwatch.rules.rulebook import DATA_DIR
from govwatch.rules.yamlfile import read_mapping
from govwatch.storage import patrol_queries
from govwatch.storage.models import Account, Patrol

CADENCE_FILE = DATA_DIR / "newmedia-patrol.yaml"
#: Seconds a claimed patrol stays claimed; a claimer that died leaves it due again after this.
PATROL_LEASE_SECONDS = 1800
#: Patrols one background round claims at most (so a round ends well inside the lease).
PATROL_BATCH = 50
#: Seconds between background rounds (Celery beat and ``govwatch serve``).
PATROL_SECONDS = 60.0
#: Seconds before a failed collection is tried again (at most one cadence).
RETRY_SECONDS = 6 * 3600
_GOVERNMENT_UNIT = re.compile(r"人民政府(办公室|办公厅|新闻办公室|新闻办)?$")


@cache
def cadence_table(path: Path = CADENCE_FILE) -> dict[str, Any]:
    """The cadence data: ``{"cadence_days": {level: {kind: days}}, "default": days}``; UsageError
    (Chinese) when the file is unreadable or a value is not a positive number."""
    data = read_mapping(path, "巡检周期文件", UsageError, "cadence_days、default")
    table = data.get("cadence_days") or {}
    values = [data.get("default", 30), *(d for kinds in table.values() for d in (kinds or {}).values())]
    if not all(isinstance(v, int | float) and v > 0 for v in values):
        raise UsageError(f"巡检周期文件 {path} 中的周期应为正数（天）")
    return {"cadence_days": table, "default": float(data.get("default", 30))}


def account_kind(account: Account) -> str:
    """'government' or 'department': the registered kind, else read from the unit name."""
    if account.kind:
        return str(account.kind)
    return "government" if _GOVERNMENT_UNIT.search(account.unit.name.strip()) else "department"


def cadence_days(account: Account) -> float:
    """Days between patrols of ``account`` (``patrol_days`` if set, else the table by level and kind)."""
    if account.patrol_days:
        return float(account.patrol_days)
    table = cadence_table()
    by_kind = table["cadence_days"].get(account.level) or {}
    return float(by_kind.get(account_kind(account), table["default"]))


def ensure_account_patrols(accounts: Sequence[Account], now: datetime | None = None) -> int:
    """Give each account its Patrol row (due at ``now``) when missing; existing rows follow a changed
    cadence. Returns rows created."""
    return patrol_queries.ensure_patrols(accounts, cadence_days, now or utcnow())


@dataclass(frozen=True)
class PatrolRound:
    """One round of due patrols: ``claimed`` patrols this caller won, ``lost`` taken by another claimer,
    ``outcomes`` what each collection gave (services.newmedia.collect.AccountOutcome)."""

    claimed: int
    lost: int
    outcomes: tuple[Any, ...] = ()


def run_due_patrols(now: datetime | None = None, limit: int | None = None,
                    collect: Callable[..., Sequence[Any]] | None = None, **collect_kwargs: Any) -> PatrolRound:
    """Claim every due patrol (compare-and-set, lease :data:`PATROL_LEASE_SECONDS`) and collect and check
    the claimed accounts together (``collect`` defaults to ``services.newmedia.collect.collect_accounts``;
    ``collect_kwargs`` go to it, e.g. ``options``). Safe beside other callers: a patrol is collected once."""
    now = now or utcnow()
    won: list[int] = []
    lost = 0
    for due in patrol_queries.due_patrols(now, limit):
        if patrol_queries.claim_patrol(due, now, PATROL_LEASE_SECONDS):
            won.append(due.account_id)
        else:
            lost += 1
    if not won:
        return PatrolRound(0, lost)
    from govwatch.storage.account_queries import accounts

    if collect is None:
        from govwatch.services.newmedia.collect import collect_accounts

        collect = collect_accounts
    outcomes = collect(accounts(won), now, **collect_kwargs)
    return PatrolRound(len(won), lost, tuple(outcomes))


def overdue_patrols(now: datetime | None = None) -> list[Patrol]:
    """Patrols past their deadline at ``now`` (no successful collection or manual record within one
    cadence), most overdue first."""
    return patrol_queries.overdue_patrols(now or utcnow())
