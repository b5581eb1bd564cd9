"""Compare-and-set claims (two probers never probe one target twice) and the 90-day downsampling."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection
from probekit import T0

from govwatch.core.clock import CHINA_TZ
from govwatch.sample.server import ServerThread
from govwatch.services.probes import compact_probes, run_due_probes
from govwatch.storage import probe_queries as q
from govwatch.storage.models import Probe, ProbeDay, ProbeTarget, Site

MakeSite = Callable[..., Site]


@pytest.mark.django_db
def test_two_claimers_reading_the_same_due_targets_claim_each_once(make_site: MakeSite) -> None:
    for i in range(5):
        make_site(f"http://www{i}.shilixian.gov.cn/", name=f"网站{i}")
    q.sync_targets(T0)
    seen_a, seen_b = q.due_targets(T0, 100), q.due_targets(T0, 100)  # both read before either writes
    assert len(seen_a) == len(seen_b) == 5
    later = T0 + timedelta(hours=1)
    won_a = [t.id for t in seen_a if q.claim(t, T0, later)]
    won_b = [t.id for t in seen_b if q.claim(t, T0, later)]
    assert len(won_a) == 5 and won_b == []
    assert set(ProbeTarget.objects.values_list("next_probe_at", flat=True)) == {later}
    # A due confirmation is claimed the same way, by clearing confirm_due_at.
    ProbeTarget.objects.update(confirm_due_at=T0)
    seen_a, seen_b = q.due_targets(T0, 100), q.due_targets(T0, 100)
    assert [q.claim(t, T0, later) for t in seen_a] == [True] * 5
    assert [q.claim(t, T0, later) for t in seen_b] == [False] * 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_probe_rounds_probe_each_target_once(server: ServerThread, make_site: MakeSite) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared-cache in-memory SQLite reports 'table is locked' instead of waiting; "
                    "covered on PostgreSQL and by the interleaved claim test")
    sites = [make_site(f"{server.url}/slow?s=0.2&site={i}", name=f"网站{i}") for i in range(12)]
    q.sync_targets(T0)
    barrier, rounds, errors = threading.Barrier(2), [], []

    def prober() -> None:
        try:
            barrier.wait()
            rounds.append(run_due_probes(now=T0, timeout=3))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=prober) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    _wait_for_sessions_to_end()
    assert not errors
    assert len(rounds) == 2 and sum(r.probed for r in rounds) == 12
    per_site = Counter(Probe.objects.values_list("site_id", flat=True))
    assert per_site == Counter({s.id: 1 for s in sites})
    assert sum(server.sample.hits[f"/slow?s=0.2&site={i}"] for i in range(12)) == 12


def _wait_for_sessions_to_end() -> None:
    """PostgreSQL ends a closed session's backend asynchronously; the test database is dropped only once
    the threads' sessions are gone."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 5
    with connection.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()")
            if cur.fetchone()[0] == 0:
                return
            time.sleep(0.05)


def _probe(site: Site, at: datetime, ok: bool = True, **flags: object) -> Probe:
    return Probe(site=site, url=site.home_url, at=at, ok=ok, seconds=1.0 if ok else 15.0,
                 error="" if ok else "timeout", **flags)


@pytest.mark.django_db
def test_probes_older_than_90_days_are_folded_into_days(make_site: MakeSite) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    now = datetime(2026, 8, 10, 10, 0, tzinfo=CHINA_TZ)
    day = datetime(2026, 5, 1, tzinfo=CHINA_TZ)  # 101 days before
    Probe.objects.bulk_create([
        _probe(site, day + timedelta(hours=1)),  # 04-30 17:00 UTC: days are Beijing days
        _probe(site, day + timedelta(hours=2)), _probe(site, day + timedelta(hours=23, minutes=30)),
        _probe(site, day + timedelta(hours=3), ok=False, confirmed=True),
        _probe(site, day + timedelta(hours=4), ok=False),  # refuted / never confirmed: dropped
        _probe(site, day + timedelta(hours=5), ok=False, excused=True),
        _probe(site, day + timedelta(hours=3, minutes=1), ok=False, recheck=True),  # confirmation: dropped
        _probe(site, day + timedelta(days=1, hours=7)),  # the next Beijing day
        _probe(site, now - timedelta(days=10)), _probe(site, now - timedelta(days=90)),  # kept
    ])
    done = compact_probes(now)
    assert (done.days_written, done.probes_deleted) == (2, 8)
    days = {d.day.isoformat(): (d.total, d.failures, d.excused) for d in ProbeDay.objects.all()}
    assert days == {"2026-05-01": (4, 1, 1), "2026-05-02": (1, 0, 0)}
    first = ProbeDay.objects.get(day="2026-05-01")
    assert first.mean_seconds == pytest.approx((1 + 1 + 1 + 15 + 15) / 5)  # counted and excused probes
    assert Probe.objects.count() == 2

    assert compact_probes(now) == q.Compaction(0, 0)  # nothing left to fold
    Probe.objects.create(site=site, url=site.home_url, at=day + timedelta(hours=6), ok=True, seconds=3.0)
    assert compact_probes(now) == q.Compaction(1, 1)  # a late row adds to its day
    first.refresh_from_db()
    assert (first.total, first.failures, first.excused) == (5, 1, 1)
    assert first.mean_seconds == pytest.approx((1 + 1 + 1 + 15 + 15 + 3) / 6)
