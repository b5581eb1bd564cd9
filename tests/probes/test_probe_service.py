"""Probe rounds against real HTTP on 127.0.0.1 with the database: scheduling, failure kinds, confirmation,
targets, the stored 7-day ratio. Time is passed in (``now``), never slept."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from probekit import EMPTY_HOST, T0, spread

from govwatch.core.clock import CHINA_TZ
from govwatch.sample.server import ServerThread
from govwatch.services.errors import UsageError
from govwatch.services.probes import (
    CONFIRM_AFTER,
    declare_system,
    next_probe_time,
    run_due_probes,
    site_availability,
)
from govwatch.storage.models import Column, Probe, ProbeTarget, Site

pytestmark = pytest.mark.django_db
MakeSite = Callable[..., Site]


def test_a_round_probes_the_homepage_and_schedules_the_next_probe(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(server.url + "/", probes_per_day=24)
    first = run_due_probes(now=T0, timeout=3, rng=random.Random(7))
    assert (first.probed, first.ok, first.failed, first.lost) == (1, 1, 0, 0)
    target = ProbeTarget.objects.get(site=site)
    assert (target.kind, target.url, target.confirm_due_at) == ("home", site.home_url, None)
    slot = timedelta(hours=1)  # 24 a day; T0 (12:00 Beijing) starts a slot: the next falls mid next slot
    assert T0 + slot * 1.25 <= target.next_probe_at <= T0 + slot * 1.75
    assert first.next_due_at == target.next_probe_at
    probe = Probe.objects.get(site=site)
    assert (probe.at, probe.ok, probe.status, probe.recheck, probe.target_kind) == (T0, True, 200, False, "home")
    assert run_due_probes(now=T0 + timedelta(seconds=1), timeout=3).probed == 0
    assert run_due_probes(now=target.next_probe_at, timeout=3).probed == 1


def test_every_site_gets_its_daily_probes_at_jittered_times() -> None:
    rng = random.Random(3)
    for per_day in (20, 24, 31):
        slot = 86400 / per_day
        at, times = T0, []
        while at < T0 + timedelta(days=8):
            times.append(at)
            at = next_probe_time(at, per_day, rng)
        days = Counter(t.astimezone(CHINA_TZ).date() for t in times)
        full_days = sorted(days)[1:-1]
        assert {days[d] for d in full_days} == {per_day}, per_day  # every Beijing day: exactly per_day probes
        gaps = [(b - a).total_seconds() / slot for a, b in zip(times[1:], times[2:], strict=False)]
        assert min(gaps) >= 0.5 and max(gaps) <= 1.5 and len({round(g, 3) for g in gaps}) > per_day


def test_probes_per_day_is_never_below_20(server: ServerThread, make_site: MakeSite) -> None:
    make_site(server.url + "/", probes_per_day=5)
    run_due_probes(now=T0, timeout=3)
    target = ProbeTarget.objects.get()
    slot = timedelta(seconds=86400 / 20)  # not 86400 / 5
    assert slot * 1.25 <= target.next_probe_at - T0 <= slot * 1.75


def test_each_failure_kind_is_stored_and_awaits_confirmation(server: ServerThread, make_site: MakeSite,
                                                             resolve: dict[tuple[str, int], str],
                                                             closed_port: int) -> None:
    urls = {
        server.url + "/slow?s=3": "timeout", server.url + "/status/500": "http", server.url + "/reset": "reset",
        f"http://{EMPTY_HOST}:{server.port}/": "empty", f"http://127.0.0.1:{closed_port}/": "connect",
        "http://www.no-such-site.invalid/": "dns",
    }
    for i, url in enumerate(urls):
        make_site(url, name=f"网站{i}")
    result = run_due_probes(now=T0, timeout=0.5, resolve=resolve)
    assert (result.probed, result.ok, result.failed) == (6, 0, 6)
    assert {url for url, _ in result.failures} == set(urls)
    assert {p.url: p.error for p in Probe.objects.all()} == urls
    assert not Probe.objects.filter(confirmed=True).exists()  # not counted until confirmed
    assert set(ProbeTarget.objects.values_list("confirm_due_at", flat=True)) == {T0 + CONFIRM_AFTER}


def test_a_failure_counts_only_when_the_probe_a_minute_later_fails_too(server: ServerThread,
                                                                      make_site: MakeSite) -> None:
    flaky = make_site(server.url + "/flaky?fail=1&case=confirm", name="偶发故障")  # 503 once, then 200
    down = make_site(server.url + "/status/500", name="持续故障")
    assert run_due_probes(now=T0, timeout=3).failed == 2
    scheduled = dict(ProbeTarget.objects.values_list("site_id", "next_probe_at"))
    assert run_due_probes(now=T0 + timedelta(seconds=30), timeout=3).probed == 0  # not due before a minute
    second = run_due_probes(now=T0 + CONFIRM_AFTER, timeout=3)
    assert (second.probed, second.rechecks, second.confirmed, second.refuted) == (2, 2, 1, 1)
    assert dict(ProbeTarget.objects.values_list("site_id", "next_probe_at")) == scheduled  # schedule kept
    assert not ProbeTarget.objects.exclude(confirm_due_at=None).exists()

    refuted = Probe.objects.get(site=flaky, recheck=False)
    assert (refuted.ok, refuted.confirmed) == (False, False) and "访问正常" in refuted.note
    assert Probe.objects.get(site=flaky, recheck=True).ok
    confirmed = Probe.objects.get(site=down, recheck=False)
    assert (confirmed.ok, confirmed.confirmed) == (False, True) and "仍失败" in confirmed.note

    later = T0 + timedelta(minutes=2)
    assert (site_availability(flaky, later).total, site_availability(flaky, later).failures) == (0, 0)
    assert (site_availability(down, later).total, site_availability(down, later).failures) == (1, 1)


def _history(site: Site, total: int, failures: int, url: str | None = None, kind: str = "home") -> None:
    """``total`` scheduled probes over the week before T0 + 7 days, ``failures`` of them confirmed failures."""
    Probe.objects.bulk_create([
        Probe(site=site, url=url or site.home_url, target_kind=kind, at=at, ok=i >= failures, seconds=0.3,
              status=200 if i >= failures else 503, error="" if i >= failures else "http", confirmed=i < failures)
        for i, at in enumerate(spread(T0, total))])


@pytest.mark.parametrize("total, failures, verdict", [
    (140, 7, "veto"), (141, 7, "warning"), (200, 6, "warning"), (201, 6, "ok"),
])
def test_stored_seven_day_ratio(make_site: MakeSite, total: int, failures: int, verdict: str) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    _history(site, total, failures)
    Probe.objects.create(site=site, url=site.home_url, at=T0 - timedelta(hours=1), ok=False, seconds=15,
                         error="timeout", confirmed=True)  # eight days before "now": outside the window
    result = site_availability(site, T0 + timedelta(days=7))
    assert (result.total, result.failures, result.verdict) == (total, failures, verdict)


def test_key_columns_and_business_systems_are_probed_too(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(server.url + "/")
    Column.objects.create(site=site, name="通知公告", url=server.url + "/tzgg/", type="notice", key=True)
    Column.objects.create(site=site, name="要闻动态", url=server.url + "/xwzx/", type="news")
    declare_system(site, "政务服务", server.url + "/status/502", now=T0)
    idle = make_site(server.url + "/zwgk/", name="已停止监测")
    Site.objects.filter(id=idle.id).update(active=False)
    result = run_due_probes(now=T0, timeout=3)
    kinds = dict(ProbeTarget.objects.filter(site=site).values_list("url", "kind"))
    assert kinds == {site.home_url: "home", server.url + "/tzgg/": "column", server.url + "/status/502": "system"}
    assert (result.probed, result.ok, result.failed) == (3, 2, 1)
    assert not Probe.objects.filter(site=idle).exists()

    Column.objects.filter(site=site).update(key=False)  # no longer key: its target goes
    Site.objects.filter(id=site.id).update(home_url=server.url + "/index.html")  # the home target follows
    run_due_probes(now=T0 + timedelta(seconds=1), timeout=3)
    kinds = dict(ProbeTarget.objects.filter(site=site).values_list("url", "kind"))
    assert kinds == {server.url + "/index.html": "home", server.url + "/status/502": "system"}


def test_one_site_only(server: ServerThread, make_site: MakeSite) -> None:
    make_site(server.url + "/", name="甲")
    other = make_site(server.url + "/zwgk/", name="乙")
    result = run_due_probes(now=T0, site_url=server.url + "/zwgk", timeout=3)
    assert result.probed == 1 and list(Probe.objects.values_list("site_id", flat=True)) == [other.id]
    with pytest.raises(UsageError, match="未登记"):
        run_due_probes(now=T0, site_url="http://www.unknown.gov.cn/")
