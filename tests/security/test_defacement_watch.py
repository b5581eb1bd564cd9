"""防篡改巡检 (services.defacement_watch) over real HTTP: the deface fixture homepages served on 127.0.0.1
under a ``.invalid`` host reached through GOVWATCH_RESOLVE; findings stored as Finding rows, alerts
raised, slots claimed once, resolved by a restored homepage or an operator's approval, kept open by
scheduled complete scans and by a dead homepage."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from defacewatchkit import HOST, T0, put, take_down
from django.db import connection, connections
from secserver import SecServer

from govwatch.checks.security_defacement import stable_text
from govwatch.services import periodic
from govwatch.services.defacement_watch import INTERVAL_MINUTES, SiteCheck, finding_key, run_once
from govwatch.storage.models import Alert, AlertRule, Finding, ScanRun, Site, Unit
from govwatch.storage.security.models import Baseline, DefacementWatch

SLOT = timedelta(minutes=INTERVAL_MINUTES)


@pytest.fixture
def served(tmp_path: Path, settings: Any) -> Iterator[tuple[Path, int]]:
    """The fixture homepage folder and port; GOVWATCH_RESOLVE pins HOST to 127.0.0.1."""
    root = tmp_path / "root"
    root.mkdir()
    with SecServer({HOST: root}, default_root=None, ipv6=False) as srv:
        settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, resolve=((HOST, srv.port, "127.0.0.1"),),
                                                data_dir=tmp_path / "data")
        yield root, srv.port


def _site(port: int) -> Site:
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    return Site.objects.create(name="示例县人民政府门户网站", home_url=f"http://{HOST}:{port}/", unit=unit, level="县")


def _results(checks: list[SiteCheck]) -> list[str]:
    return [c.result for c in checks]


def _defaced(site: Site) -> Finding:
    """Baseline v1 at T0, defaced v3 one slot later: the stored finding."""
    return Finding.objects.get(site=site, code="security.defacement")


def _baseline_then_deface(root: Path, site: Site) -> Finding:
    put(root, "v1")
    assert _results(run_once(T0)) == ["baseline"]
    put(root, "v3")
    assert _results(run_once(T0 + SLOT)) == ["defaced"]
    return _defaced(site)


@pytest.mark.django_db
def test_first_run_takes_the_baseline_and_a_news_update_raises_nothing(served: tuple[Path, int]) -> None:
    root, port = served
    site = _site(port)
    put(root, "v1")
    assert periodic.run_job("security.defacement", T0).startswith("防篡改巡检：检查 1 个网站首页，采集基线 1 个")
    row = Baseline.objects.get(site=site)
    assert row.approved_by == "" and row.digest == stable_text((Path(root) / "index.html").read_text("utf-8"))[1]
    assert DefacementWatch.objects.get(site=site).next_check_at == T0 + SLOT
    assert run_once(T0 + SLOT / 2) == []  # not due again within the slot
    put(root, "v2")  # new headlines, dates, weather, visitor count
    assert _results(run_once(T0 + SLOT)) == ["same"]
    assert not Finding.objects.exists() and not Alert.objects.exists()
    watch = DefacementWatch.objects.get(site=site)
    assert (watch.last_checked_at, watch.last_result) == (T0 + SLOT, "same")


@pytest.mark.django_db
def test_a_defaced_homepage_is_one_finding_with_one_alert_until_restored(served: tuple[Path, int]) -> None:
    root, port = served
    site = _site(port)
    AlertRule.objects.create(code_prefix="security.", recipients=["json://127.0.0.1:9/hook"])
    finding = _baseline_then_deface(root, site)
    digest = Baseline.objects.get(site=site).digest
    assert finding.status == "open" and finding.first_run is None and finding.last_run is None
    assert finding.fingerprint == finding_key(site, digest) and finding.first_seen == T0 + SLOT
    assert finding.evidence["similarity"] < 0.7 and "hacked by" in finding.evidence["words"]
    assert "深入学习贯彻党的二十届三中全会精神" in finding.evidence["before"]
    assert "Hacked by Sh#ll-Team" in finding.evidence["after"] and finding.evidence["baseline_digest"] == digest
    assert "篡改" in finding.message and finding.indicators == ["info.security_defacement"]
    assert Alert.objects.filter(finding=finding, event="new").count() == 1

    assert run_once(T0 + SLOT) == []  # the job again in the same slot: nothing claimed
    assert _results(run_once(T0 + 2 * SLOT)) == ["defaced"]  # still defaced next slot: the same row
    finding.refresh_from_db()
    assert Finding.objects.count() == 1 and Alert.objects.count() == 1
    assert (finding.first_seen, finding.last_seen, finding.status) == (T0 + SLOT, T0 + 2 * SLOT, "open")

    put(root, "v2")  # restored (with today's news)
    line = periodic.run_job("security.defacement", T0 + 3 * SLOT)
    assert "恢复正常 1 个" in line
    finding.refresh_from_db()
    assert finding.status == "resolved" and finding.resolved_at == T0 + 3 * SLOT

    put(root, "v4")  # gambling words injected into title and footer: a new spell, the row reopens
    assert _results(run_once(T0 + 4 * SLOT)) == ["defaced"]
    finding.refresh_from_db()
    assert finding.status == "open" and {"新葡京", "百家乐"} <= set(finding.evidence["words"])
    assert Finding.objects.count() == 1


@pytest.mark.django_db
def test_an_operator_approval_resolves_it(served: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    from govwatch.cli.main import main
    from govwatch.services.access import ensure_user

    root, port = served
    site = _site(port)
    finding = _baseline_then_deface(root, site)
    ensure_user("deface-operator", "operator", "", "pw-123456789")
    assert main(["baselines", "approve", site.home_url, "--user", "deface-operator",
                 "--resolve", f"{HOST}:{port}:127.0.0.1"]) == 0
    finding.refresh_from_db()
    assert finding.status == "resolved" and Baseline.objects.get(site=site).approved_by == "deface-operator"
    assert _results(run_once(T0 + 2 * SLOT)) == ["same"]  # the redesign is the baseline now
    assert not Finding.objects.filter(status="open").exists()


@pytest.mark.django_db
def test_a_scheduled_complete_scan_does_not_close_it(served: tuple[Path, int]) -> None:
    from govwatch.services.scan_jobs import execute_run

    root, port = served
    site = _site(port)
    finding = _baseline_then_deface(root, site)
    run = ScanRun.objects.create(site=site, kind=ScanRun.Kind.FULL, status=ScanRun.Status.QUEUED,
                                 heartbeat_at=T0 + SLOT, complete=True)
    result = execute_run(run.id, "w1", T0 + SLOT, lease=300)
    assert result.status == "done" and result.record is not None
    assert ScanRun.objects.get(pk=run.pk).stats["home_ok"]  # the scan read the homepage and judged
    finding.refresh_from_db()
    assert finding.status == "open" and finding.resolved_at is None


@pytest.mark.django_db
def test_an_unreachable_homepage_raises_and_resolves_nothing(served: tuple[Path, int]) -> None:
    root, port = served
    site = _site(port)
    assert _results(run_once(T0 - SLOT)) == ["unreachable"]  # 404 before any baseline: none taken
    assert not Baseline.objects.exists() and not Finding.objects.exists()
    finding = _baseline_then_deface(root, site)
    take_down(root)
    assert _results(run_once(T0 + 2 * SLOT)) == ["unreachable"]
    finding.refresh_from_db()
    assert finding.status == "open" and Finding.objects.count() == 1


@pytest.mark.django_db
def test_govwatch_resolve_is_honoured(served: tuple[Path, int], settings: Any) -> None:
    root, port = served
    site = _site(port)
    put(root, "v1")
    pinned = settings.GOVWATCH
    settings.GOVWATCH = dataclasses.replace(pinned, resolve=())  # .invalid never resolves without the pin
    assert _results(run_once(T0)) == ["unreachable"] and not Baseline.objects.exists()
    settings.GOVWATCH = pinned
    assert _results(run_once(T0 + SLOT)) == ["baseline"] and Baseline.objects.get(site=site).url.startswith(
        f"http://{HOST}:{port}/")


@pytest.mark.django_db
def test_inactive_sites_are_not_watched(served: tuple[Path, int]) -> None:
    root, port = served
    site = _site(port)
    Site.objects.filter(pk=site.pk).update(active=False)
    put(root, "v1")
    assert run_once(T0) == [] and periodic.run_job("security.defacement", T0) == ""
    assert not Baseline.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_machines_claim_each_site_once(served: tuple[Path, int]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL（DATABASE_URL=postgres://…）才能用多个连接并发；SQLite 内存库会报表锁定")
    root, port = served
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    sites = [Site.objects.create(name=f"示例网站{i}", home_url=f"http://{HOST}:{port}/s{i}/", unit=unit, level="县")
             for i in range(30)]
    AlertRule.objects.create(code_prefix="security.", recipients=["json://127.0.0.1:9/hook"])
    for i in range(len(sites)):
        (root / f"s{i}").mkdir()
        put(root / f"s{i}", "v1")

    def together(now: datetime) -> list[SiteCheck]:
        done: list[list[SiteCheck]] = []
        gate = threading.Barrier(2)

        def machine() -> None:
            try:
                gate.wait()
                done.append(run_once(now))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=machine) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        return [c for checks in done for c in checks]

    first = together(T0)
    assert sorted(c.site_id for c in first) == sorted(s.id for s in sites)  # each site once, by one machine
    assert {c.result for c in first} == {"baseline"} and Baseline.objects.count() == 30
    for i in range(len(sites)):
        put(root / f"s{i}", "v3")
    second = together(T0 + SLOT)
    assert sorted(c.site_id for c in second) == sorted(s.id for s in sites)
    assert {c.result for c in second} == {"defaced"} and sum(c.new for c in second) == 30
    assert Finding.objects.count() == 30 and Alert.objects.count() == 30
