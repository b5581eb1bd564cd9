"""Accounts imported through the registry get their patrol and are collected on their cadence; due
patrols are claimed by compare-and-set; overdue patrols are listed until a run or a manual record.

Times are explicit: the import and the first round at 2021-06-17 10:00 Beijing time (the day after the
newest post of the real 上海发布 feed).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from nmplatkit import ACCOUNT_ROWS, beijing, options, write_accounts_xlsx

from govwatch.services.newmedia import cadence_days, overdue_patrols, run_due_patrols
from govwatch.services.registry_io import import_registry
from govwatch.storage import patrol_queries
from govwatch.storage.models import Account, AccountRun, Patrol

pytestmark = pytest.mark.django_db
T0 = beijing(2021, 6, 17, 10, 0)


def _import(registry_file: Path, base: str) -> dict[str, Account]:
    assert import_registry(registry_file, now=T0).ok
    accounts = {a.name: a for a in Account.objects.select_related("unit")}
    assert accounts["上海发布"].feed_url == base + "/feed.xml"  # the registry's 订阅地址 column
    return accounts


def _collected(round_: object) -> set[str]:
    return {o.name for o in round_.outcomes}  # type: ignore[attr-defined]


def test_imported_accounts_get_patrols_with_cadence_by_level_and_kind(registry_file: Path, nm_server: str) -> None:
    accounts = _import(registry_file, nm_server)
    cadence = {name: Patrol.objects.get(account=a).cadence_days for name, a in accounts.items()}
    assert cadence == {"上海发布": 1.0, "明日方舟Arknights": 3.5, "东川发布": 7.0, "清水镇发布": 30.0}
    assert all(p.next_run_at == T0 for p in Patrol.objects.all())
    # An account's own interval wins over the table; importing again creates nothing new.
    town = accounts["清水镇发布"]
    town.patrol_days = 10
    assert cadence_days(town) == 10.0
    assert import_registry(registry_file, now=T0 + timedelta(days=1)).ok
    assert Patrol.objects.count() == 4 and Patrol.objects.get(account=town).next_run_at == T0


def test_accounts_are_collected_on_their_cadence(registry_file: Path, nm_server: str) -> None:
    _import(registry_file, nm_server)
    first = run_due_patrols(T0, options=options(nm_server))
    assert first.claimed == 4 and _collected(first) == {"上海发布", "明日方舟Arknights", "东川发布", "清水镇发布"}
    by_name = {o.name: o for o in first.outcomes}
    assert by_name["上海发布"].ok and by_name["上海发布"].posts > 0
    assert by_name["明日方舟Arknights"].ok and by_name["明日方舟Arknights"].posts > 0
    assert not by_name["东川发布"].ok and by_name["东川发布"].error_kind == "not_found"
    assert not by_name["清水镇发布"].ok and by_name["清水镇发布"].error_kind == "unsupported"

    assert run_due_patrols(T0 + timedelta(hours=1), options=options(nm_server)).claimed == 0
    # The failed county account is retried every 6 hours; the others wait for their cadence.
    assert _collected(run_due_patrols(T0 + timedelta(hours=6, minutes=1), options=options(nm_server))) == {"东川发布"}
    day2 = run_due_patrols(T0 + timedelta(days=1, minutes=1), options=options(nm_server))
    assert _collected(day2) == {"上海发布", "东川发布"}
    assert Patrol.objects.get(account__name="东川发布").failures == 3
    day4 = run_due_patrols(T0 + timedelta(days=3, hours=12, minutes=2), options=options(nm_server))
    assert _collected(day4) == {"上海发布", "明日方舟Arknights", "东川发布"}
    assert AccountRun.objects.filter(account__name="清水镇发布").count() == 1
    month = run_due_patrols(T0 + timedelta(days=30, minutes=5), options=options(nm_server))
    assert "清水镇发布" in _collected(month)


def test_due_patrol_is_claimed_once(registry_file: Path, nm_server: str) -> None:
    _import(registry_file, nm_server)
    due = patrol_queries.due_patrols(T0)
    assert len(due) == 4
    assert patrol_queries.claim_patrol(due[0], T0, lease=600)
    assert not patrol_queries.claim_patrol(due[0], T0, lease=600)  # the value read is gone: another won
    assert len(patrol_queries.due_patrols(T0)) == 3
    # The claimer died: after the lease the patrol is due again and can be claimed once more.
    later = T0 + timedelta(seconds=601)
    again = [d for d in patrol_queries.due_patrols(later) if d.id == due[0].id]
    assert again and patrol_queries.claim_patrol(again[0], later, lease=600)
    # A second round at the same moment as a first finds nothing left to claim.
    round_ = run_due_patrols(T0, collect=lambda accounts, now, **kw: [])
    assert round_.claimed == 3
    assert run_due_patrols(T0, collect=lambda accounts, now, **kw: []).claimed == 0


def test_overdue_patrols_until_collected_or_recorded(registry_file: Path, nm_server: str) -> None:
    _import(registry_file, nm_server)
    assert overdue_patrols(T0) == []
    run_due_patrols(T0, options=options(nm_server))
    late = T0 + timedelta(days=8)
    overdue = [p.account.name for p in overdue_patrols(late)]
    # Done at T0: 上海发布 (1 day) and 明日方舟 (3.5 days) are overdue; 东川发布 failed at T0, its deadline
    # (7 days from the import) has passed too; 清水镇发布 has a month.
    assert overdue == ["上海发布", "明日方舟Arknights", "东川发布"]
    patrol = Patrol.objects.get(account__name="明日方舟Arknights")
    patrol_queries.add_record(patrol.id, late, 3, menu="ok", replies="slow", notes="人工巡检：近一周发布 3 条")
    assert [p.account.name for p in overdue_patrols(late)] == ["上海发布", "东川发布"]
    assert Patrol.objects.get(id=patrol.id).due_at == late + timedelta(days=3.5)
    run_due_patrols(late, options=options(nm_server))
    assert [p.account.name for p in overdue_patrols(late)] == ["东川发布"]  # still failing: a person must look


@pytest.mark.django_db(transaction=True)
def test_racing_threads_each_patrol_claimed_exactly_once(registry_file: Path, nm_server: str) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("pytest-django's in-memory SQLite (shared cache) answers 'table is locked' instead of "
                    "waiting; the compare-and-set is the scans' one, raced across processes in tests/scheduling")
    _import(registry_file, nm_server)
    due = patrol_queries.due_patrols(T0)
    claimers = 4
    barrier, won, errors = threading.Barrier(claimers), [], []

    def claim() -> None:
        try:
            barrier.wait(10)
            won.extend(d.id for d in due if patrol_queries.claim_patrol(d, T0, 600))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(claimers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(won) == sorted(d.id for d in due) and len(due) == 4


def test_feed_column_is_checked_and_kept(tmp_path: Path, nm_server: str) -> None:
    bad = write_accounts_xlsx(tmp_path / "bad.xlsx", ACCOUNT_ROWS[:1], {"上海发布": "feed.xml"})
    (problem,) = import_registry(bad, now=T0).problems
    assert (problem.row, problem.column) == (2, "订阅地址") and "http" in problem.message
    good = write_accounts_xlsx(tmp_path / "good.xlsx", ACCOUNT_ROWS[:1], {"上海发布": nm_server + "/feed.xml"})
    assert import_registry(good, now=T0).ok
    # A later file without the feed leaves the stored one as it is.
    assert import_registry(write_accounts_xlsx(tmp_path / "plain.xlsx", ACCOUNT_ROWS[:1]), now=T0).ok
    assert Account.objects.get(name="上海发布").feed_url == nm_server + "/feed.xml"
