"""New-media patrols (巡检) in the database: rows per account, compare-and-set claims, overdue lists.

A due patrol is claimed with ``UPDATE patrol SET next_run_at = now + lease WHERE id = ? AND
next_run_at = <value read>``: whoever updates first wins, the others update nothing (the same guarantee
as ``storage.claims`` for scans, on SQLite and PostgreSQL). A claimer that dies leaves the patrol due
again once the lease has passed. Datetimes are aware UTC; ``lease`` and cadences are seconds/days.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from govwatch.storage.models import Account, Patrol, PatrolRecord

CadenceFor = Callable[[Account], float]
"""An account → its patrol cadence in days."""


@dataclass(frozen=True)
class DuePatrol:
    """A patrol whose ``next_run_at`` has passed, with the value read (the compare-and-set operand)."""

    id: int
    account_id: int
    next_run_at: datetime


def ensure_patrols(accounts: Sequence[Account], cadence_for: CadenceFor, now: datetime) -> int:
    """Create the missing Patrol rows of ``accounts`` (due at ``now``, deadline ``now`` + cadence) and
    update the cadence of existing ones when it changed. Two queries plus one per changed cadence.
    Returns rows created."""
    ids = [a.pk for a in accounts]
    existing = {p.account_id: p for p in Patrol.objects.filter(account_id__in=ids)}
    new = []
    for account in accounts:
        days = cadence_for(account)
        row = existing.get(account.pk)
        if row is None:
            new.append(Patrol(account=account, cadence_days=days, next_run_at=now,
                              due_at=now + timedelta(days=days)))
        elif row.cadence_days != days:
            row.cadence_days = days
            row.save(update_fields=["cadence_days"])
    Patrol.objects.bulk_create(new)
    return len(new)


def due_patrols(now: datetime, limit: int | None = None) -> list[DuePatrol]:
    """Enabled patrols of active accounts whose automatic collection is due at ``now``, oldest first."""
    rows = (Patrol.objects.filter(enabled=True, account__active=True, next_run_at__lte=now)
            .order_by("next_run_at", "id").values_list("id", "account_id", "next_run_at"))
    return [DuePatrol(*row) for row in (rows[:limit] if limit is not None else rows)]


def claim_patrol(due: DuePatrol, now: datetime, lease: float) -> bool:
    """Compare-and-set claim of one due patrol: True when this caller won (``next_run_at`` is now
    ``now + lease``), False when another claimer was first or the patrol changed meanwhile."""
    with transaction.atomic():
        return Patrol.objects.filter(id=due.id, next_run_at=due.next_run_at, enabled=True).update(
            next_run_at=now + timedelta(seconds=lease)) == 1


def finish_patrol_run(account_id: int, now: datetime, ok: bool, retry_seconds: float | None) -> None:
    """After a collection: ``ok`` → done now, next run and deadline one cadence later, no failures;
    not ok → one more failure, next run ``retry_seconds`` later (None: one cadence later)."""
    patrol = Patrol.objects.filter(account_id=account_id).first()
    if patrol is None:
        return
    cadence = timedelta(days=patrol.cadence_days)
    patrol.last_run_at = now
    if ok:
        patrol.failures, patrol.last_done_at = 0, now
        patrol.next_run_at, patrol.due_at = now + cadence, max(patrol.due_at, now + cadence)
    else:
        patrol.failures += 1
        patrol.next_run_at = now + (cadence if retry_seconds is None else
                                    min(cadence, timedelta(seconds=retry_seconds)))
    patrol.save(update_fields=["last_run_at", "failures", "last_done_at", "next_run_at", "due_at"])


def mark_patrol_done(patrol_id: int, at: datetime) -> None:
    """A manual patrol record at ``at`` completes the patrol: the deadline moves to ``at`` + cadence
    (never back) and ``last_done_at`` to ``at`` (never back)."""
    patrol = Patrol.objects.filter(id=patrol_id).first()
    if patrol is None:
        return
    if patrol.last_done_at is None or at > patrol.last_done_at:
        patrol.last_done_at = at
    patrol.due_at = max(patrol.due_at, at + timedelta(days=patrol.cadence_days))
    patrol.save(update_fields=["last_done_at", "due_at"])


def overdue_patrols(now: datetime) -> list[Patrol]:
    """Enabled patrols of active accounts past their deadline at ``now``, most overdue first (with the
    account and its unit loaded)."""
    return list(Patrol.objects.select_related("account", "account__unit")
                .filter(enabled=True, account__active=True, due_at__lt=now).order_by("due_at", "id"))


def all_patrols() -> list[Patrol]:
    """Every patrol with its account and unit, by deadline."""
    return list(Patrol.objects.select_related("account", "account__unit").order_by("due_at", "id"))


def add_record(patrol_id: int, checked_at: datetime, posts_in_period: int, *, menu: str = "ok",
               replies: str = "timely", notes: str = "") -> PatrolRecord:
    """Store a manual patrol record and mark the patrol done at ``checked_at``."""
    with transaction.atomic():
        record = PatrolRecord.objects.create(patrol_id=patrol_id, checked_at=checked_at,
                                             posts_in_period=posts_in_period, menu=menu, replies=replies,
                                             notes=notes)
        mark_patrol_done(patrol_id, checked_at)
    return record
