"""Claiming scheduled scans (issue #3 §4, §7): compare-and-set on next_run_at (sequentially and from
racing threads, on SQLite and PostgreSQL), one live scan per site, scan slots, lost-run detection,
backoff of failing sites, and re-check on demand."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from schedkit import LEASE, T0, process_env

from govwatch.sample.server import ServerThread
from govwatch.services import scheduler
from govwatch.services.scan_jobs import backoff_seconds, execute_run, lost_retry_seconds
from govwatch.storage import claims
from govwatch.storage.models import ScanRun, ScanSchedule, Site

MakeSite = Callable[..., Site]


def test_backoff_doubles_from_five_minutes_and_is_capped_at_a_day() -> None:
    assert [backoff_seconds(n) for n in range(1, 6)] == [300, 600, 1200, 2400, 4800]
    assert backoff_seconds(9) == 300 * 2 ** 8 and backoff_seconds(10) == backoff_seconds(40) == 86400
    assert [lost_retry_seconds(n) for n in (1, 2, 3)] == [0, 300, 600]


@pytest.mark.django_db
def test_two_claimers_that_read_the_same_due_schedule_create_one_run(make_site: MakeSite) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    seen_a = claims.due_schedules(T0, 10)
    seen_b = claims.due_schedules(T0, 10)  # both read before either writes
    assert [d.id for d in seen_a] == [d.id for d in seen_b] == [site.schedules.get(kind="full").id]
    won = claims.claim_schedule(seen_a[0], T0, LEASE, "scheduler-a")
    assert won is not None and (won.status, won.kind, won.claimed_by, won.heartbeat_at) == ("queued", "full",
                                                                                              "scheduler-a", T0)
    assert claims.claim_schedule(seen_b[0], T0, LEASE, "scheduler-b") is None
    assert ScanRun.objects.count() == 1
    assert ScanSchedule.objects.get(id=seen_a[0].id).next_run_at == T0 + timedelta(seconds=LEASE)


@pytest.mark.django_db(transaction=True)
def test_racing_threads_claiming_one_due_schedule_exactly_one_wins(make_site: MakeSite) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("pytest-django's in-memory SQLite (shared cache) answers 'table is locked' instead of "
                    "waiting; racing processes on a file-based SQLite database are tested below")
    make_site("http://www.shilixian.gov.cn/")
    due = claims.due_schedules(T0, 10)[0]
    claimers = 4
    barrier, won, errors = threading.Barrier(claimers), [], []

    def claim(name: str) -> None:
        try:
            barrier.wait(10)
            run = claims.claim_schedule(due, T0, LEASE, name)
            if run is not None:
                won.append(run.id)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(f"worker-{i}",)) for i in range(claimers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert len(won) == 1 and list(ScanRun.objects.values_list("id", flat=True)) == won


def test_racing_processes_claiming_one_due_schedule_exactly_one_wins(
        tmp_path: Path, fresh_database_url: str) -> None:
    env = process_env(tmp_path / "data", fresh_database_url)
    script = str(Path(__file__).with_name("claim_race.py"))
    subprocess.run([sys.executable, script, "setup"], env=env, check=True, timeout=120)
    gate = tmp_path / "go"
    racers = [subprocess.Popen([sys.executable, script, "claim", str(gate), f"worker-{i}"], env=env,
                               stdout=subprocess.PIPE, text=True) for i in range(4)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("go.*.ready"))) < len(racers) and time.monotonic() < deadline:
        time.sleep(0.02)
    gate.touch()  # every racer has read the due schedule: now they all claim at once
    answers = [json.loads(p.communicate(timeout=60)[0]) for p in racers]
    assert all(p.returncode == 0 for p in racers)
    assert not any(a["late"] for a in answers)  # everyone read the due schedule before anyone claimed it
    assert len({a["schedule"] for a in answers}) == 1  # and raced for the same one
    assert len([a for a in answers if a["won"] is not None]) == 1, answers


@pytest.mark.django_db
def test_one_live_scan_per_site_and_no_more_than_the_scan_slots(make_site: MakeSite, settings: object) -> None:
    import dataclasses

    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, scan_slots=3)  # type: ignore[attr-defined]
    sites = [make_site(f"http://www{i}.shilixian.gov.cn/", name=f"网站{i}") for i in range(5)]
    ScanSchedule.objects.filter(kind="incremental").update(next_run_at=T0 - timedelta(hours=1))
    runs = scheduler.claim_due(T0, "w", LEASE)
    assert len(runs) == 3 and len({r.site_id for r in runs}) == 3
    assert {r.kind for r in runs} == {"full"}  # the full scan of a site goes before its incremental one
    assert scheduler.claim_due(T0, "w", LEASE) == []  # every slot is taken
    for run in runs:  # these scans end: their full schedules move a week on, incremental a day
        ScanRun.objects.filter(id=run.id).update(status="done")
        claims.finish_success(run, T0, 7 * 86400, 86400)
    more = scheduler.claim_due(T0, "w", LEASE)
    assert {r.site_id for r in more} == {s.id for s in sites} - {r.site_id for r in runs}
    # Each site now has a live full scan: its due incremental schedule waits.
    assert scheduler.claim_due(T0 + timedelta(seconds=1), "w", LEASE) == []


@pytest.mark.django_db
def test_starting_a_run_is_compare_and_set_and_refuses_a_busy_site(make_site: MakeSite) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    [run] = scheduler.claim_due(T0, "dispatcher", LEASE)
    assert claims.start_run(run.id, "worker-1", T0, LEASE)
    assert not claims.start_run(run.id, "worker-2", T0, LEASE)  # already started elsewhere
    assert ScanRun.objects.get(id=run.id).claimed_by == "worker-1"
    other = ScanRun.objects.create(site=site, kind="recheck", status="queued", heartbeat_at=T0)
    assert not claims.start_run(other.id, "worker-2", T0, LEASE)
    other.refresh_from_db()
    assert other.status == "lost" and "已有扫描在运行" in other.error


@pytest.mark.django_db
def test_a_run_without_heartbeat_for_a_lease_is_lost_and_claimed_again(make_site: MakeSite) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    full = site.schedules.get(kind="full")
    [run] = scheduler.claim_due(T0, "dispatcher", LEASE)
    assert claims.start_run(run.id, "worker-1", T0, LEASE)
    assert claims.heartbeat(run.id, "worker-1", T0 + timedelta(seconds=200))
    assert not claims.heartbeat(run.id, "worker-2", T0 + timedelta(seconds=200))  # not its run
    # Lease expired on the schedule (T0 + 300) but the heartbeat is fresh: nothing is lost or claimed.
    assert scheduler.reap_lost(T0 + timedelta(seconds=450), LEASE) == []
    assert scheduler.claim_due(T0 + timedelta(seconds=450), "dispatcher", LEASE) == []
    # The worker died after its last heartbeat at T0 + 200.
    later = T0 + timedelta(seconds=501)
    again = scheduler.claim_due(later, "dispatcher", LEASE)
    lost = ScanRun.objects.get(id=run.id)
    assert lost.status == "lost" and lost.finished_at == later and "worker-1" in lost.error
    assert len(again) == 1 and again[0].schedule_id == full.id and again[0].kind == "full"
    assert not claims.heartbeat(run.id, "worker-1", later)  # the old worker, if alive, learns it lost
    full.refresh_from_db()
    assert full.failures == 1
    # Lost a second time in a row: now the schedule is pushed back instead of retried at once.
    assert claims.start_run(again[0].id, "worker-2", later, LEASE)
    end = later + timedelta(seconds=LEASE + 1)
    assert scheduler.reap_lost(end, LEASE) == [again[0].id]
    full.refresh_from_db()
    assert full.failures == 2 and full.next_run_at == end + timedelta(seconds=lost_retry_seconds(2))
    # Meanwhile the smaller incremental scan of the site, due since T0, may run.
    assert [r.kind for r in scheduler.claim_due(end, "dispatcher", LEASE)] == ["incremental"]


@pytest.mark.django_db
def test_a_failing_scan_backs_off_exponentially_then_recovers(
        server: ServerThread, make_site: MakeSite, data_dir: Path) -> None:
    site = make_site(f"{server.url}/")
    full = site.schedules.get(kind="full")
    site.schedules.filter(kind="incremental").update(enabled=False)  # (it would run while the full waits)
    blocker = data_dir / "reports" / f"site-{site.id}"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder", encoding="utf-8")  # writing the report fails: an error of ours
    now = T0
    for failures, delay in ((1, 300), (2, 600), (3, 1200)):
        [result] = scheduler.run_due(now=now, worker_id="w", lease=LEASE)
        assert result.status == "failed" and result.error
        full.refresh_from_db()
        assert full.failures == failures and full.next_run_at == now + timedelta(seconds=delay)
        assert ScanRun.objects.get(id=result.run_id).status == "failed"
        assert scheduler.run_due(now=now + timedelta(seconds=delay - 1), worker_id="w", lease=LEASE) == []
        now += timedelta(seconds=delay)
    blocker.unlink()
    [result] = scheduler.run_due(now=now, worker_id="w", lease=LEASE)
    assert result.status == "done"
    full.refresh_from_db()
    assert full.failures == 0 and full.next_run_at == now + timedelta(days=7)


@pytest.mark.django_db
def test_a_recheck_on_demand_is_due_at_once_and_complete(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/", schedules=False)
    scheduler.request_recheck(site, T0)  # no schedules yet: they are created
    assert set(site.schedules.values_list("kind", flat=True)) == {"full", "incremental"}
    [run] = scheduler.claim_due(T0, "w", LEASE)
    assert (run.kind, run.complete) == ("recheck", True)
    assert execute_run(run.id, "w", T0, LEASE).status == "done"
    full = site.schedules.get(kind="full")
    assert full.recheck_requested_at is None and full.next_run_at == T0 + timedelta(days=7)
    # Requested while a scan is running: the recheck stays due after that scan ends.
    scheduler.request_recheck(site, T0 + timedelta(days=1))
    [run] = scheduler.claim_due(T0 + timedelta(days=1), "w", LEASE)
    scheduler.request_recheck(site, T0 + timedelta(days=1, seconds=5))
    assert execute_run(run.id, "w", T0 + timedelta(days=1, seconds=10), LEASE).status == "done"
    [again] = scheduler.claim_due(T0 + timedelta(days=1, seconds=20), "w", LEASE)
    assert again.kind == "recheck"


@pytest.mark.django_db
def test_a_run_is_executed_once_even_if_delivered_twice(server: ServerThread, make_site: MakeSite) -> None:
    make_site(f"{server.url}/")
    [run] = scheduler.claim_due(T0, "dispatcher", LEASE)
    assert execute_run(run.id, "worker-1", T0, LEASE).status == "done"
    assert execute_run(run.id, "worker-2", T0, LEASE).status == "skipped"
    assert server.sample.hits["/"] == 1


@pytest.mark.django_db
def test_scheduled_scans_and_probes_reach_hosts_through_govwatch_resolve(
        site_files: Any, make_site: MakeSite, settings: Any) -> None:
    """GOVWATCH_RESOLVE maps a registered host name to an address for scheduled scans and probes alike."""
    import dataclasses

    from govwatch.core.config import load_config
    from govwatch.services import probes

    with ServerThread(roots={"www.shilixian.gov.cn": site_files.root}, default_root=None) as server:
        port = int(server.url.rsplit(":", 1)[1])
        cfg = load_config({"GOVWATCH_DATA_DIR": str(settings.GOVWATCH.data_dir),
                           "GOVWATCH_RESOLVE": f"www.shilixian.gov.cn:{port}:127.0.0.1"})
        site = make_site(f"http://www.shilixian.gov.cn:{port}/")
        [run] = scheduler.claim_due(T0, "w", LEASE)
        settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, resolve=())
        assert execute_run(run.id, "w", T0, LEASE).verdict == "无法判定"  # the name does not resolve here
        scheduler.request_recheck(site, T0 + timedelta(hours=1))
        [again] = scheduler.claim_due(T0 + timedelta(hours=1), "w", LEASE)
        settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, resolve=cfg.resolve)
        assert execute_run(again.id, "w", T0 + timedelta(hours=1), LEASE).verdict in ("合格", "不合格")
        assert server.sample.hits["/"] == 1
        done = probes.run_due_probes(T0 + timedelta(days=1), site_url=site.home_url)
        assert done.probed >= 1 and done.failed == 0
