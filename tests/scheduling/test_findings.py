"""Findings across runs (issue #3 §5): upsert by fingerprint, idempotent re-recording, resolution by
complete scans only, reopening, 疑似/确定不可用 dead links across days, and the site's Column rows.

Real scans of the test site on 127.0.0.1; explicit ``now`` values move the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from schedkit import T0, SiteFiles

from govwatch.sample.server import ServerThread
from govwatch.services import scheduler
from govwatch.services.persist import record_scan
from govwatch.services.scan import scan_site
from govwatch.services.scan_jobs import RunResult, scan_request
from govwatch.storage.models import Column, Finding, ScanRun, ScanSchedule, Site

MakeSite = Callable[..., Site]
pytestmark = pytest.mark.django_db


def _run_due(now: object) -> list[RunResult]:
    results = scheduler.run_due(now=now, worker_id="test")  # type: ignore[arg-type]
    assert results and all(r.status == "done" for r in results), results
    return results


def _dead(site: Site, path: str) -> Finding:
    return Finding.objects.get(site=site, code="links.dead_home", url__endswith=path)


def test_first_full_scan_stores_findings_run_and_columns(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    [result] = _run_due(T0)
    run = ScanRun.objects.get(id=result.run_id)
    assert (run.kind, run.status, run.complete, run.claimed_by) == ("full", "done", True, "test")
    assert run.verdict == result.verdict and run.total == result.total and run.rulebook_id
    assert run.stats["findings"] == Finding.objects.filter(site=site).count() == run.stats["new"] > 0
    assert run.report_dir and (result.report_dir / "report.json").is_file()  # type: ignore[operator]
    dead = _dead(site, "/gone.html")
    assert (dead.first_seen, dead.last_seen, dead.first_run_id, dead.last_run_id) == (T0, T0, run.id, run.id)
    assert dead.days_seen == ["2026-05-11"] and dead.indicators and len(dead.fingerprint) == 64
    columns = {c.url.removeprefix(server.url): c for c in Column.objects.filter(site=site)}
    assert {"/xwdt/", "/zwgk/tzgg/"} <= set(columns)
    assert columns["/zwgk/tzgg/"].source == "discovered"
    assert columns["/zwgk/tzgg/"].last_item_date == (T0 - timedelta(days=3)).date()


def test_recording_a_scan_again_duplicates_nothing(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    [result] = _run_due(T0)
    run = ScanRun.objects.get(id=result.run_id)
    before = {f.fingerprint: (f.days_seen, f.count, f.status) for f in Finding.objects.filter(site=site)}
    outcome = scan_site(scan_request(run, T0))
    again = record_scan(run, outcome, T0)
    assert (again.new, again.reopened, again.resolved) == (0, 0, 0)
    after = {f.fingerprint: (f.days_seen, f.count, f.status) for f in Finding.objects.filter(site=site)}
    assert after == before
    # A second scan later the same day: same rows, one more sighting of nothing new.
    scheduler.request_recheck(site, T0 + timedelta(hours=2))
    [second] = _run_due(T0 + timedelta(hours=2))
    assert second.record is not None and second.record.new == 0
    assert Finding.objects.filter(site=site).count() == len(before)
    assert set(Finding.objects.filter(site=site).values_list("last_run", flat=True)) == {second.run_id}


def test_only_a_complete_scan_resolves_and_a_reappearing_finding_reopens(
        server: ServerThread, site_files: SiteFiles, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    _run_due(T0)
    site_files.write(dead=["/other.html"])  # /gone.html fixed, a new dead link appears
    [incremental] = _run_due(T0 + timedelta(days=1))
    assert incremental.kind == "incremental" and incremental.record is not None
    assert incremental.record.resolved == 0 and incremental.record.resolution
    assert _dead(site, "/gone.html").status == "open"  # an incremental scan resolves nothing
    assert _dead(site, "/other.html").status == "open"

    scheduler.request_recheck(site, T0 + timedelta(days=1, hours=1))
    [recheck] = _run_due(T0 + timedelta(days=1, hours=1))
    assert recheck.kind == "recheck" and recheck.record is not None and recheck.record.resolved == 1
    gone = _dead(site, "/gone.html")
    assert gone.status == "resolved" and gone.resolved_at == T0 + timedelta(days=1, hours=1)
    assert _dead(site, "/other.html").status == "open"

    site_files.write(dead=["/gone.html", "/other.html"])
    [back] = _run_due(T0 + timedelta(days=2, hours=1))
    assert back.record is not None and back.record.reopened == 1
    gone = _dead(site, "/gone.html")
    assert (gone.status, gone.resolved_at, gone.first_seen) == ("open", None, T0)
    assert Finding.objects.filter(site=site, code="links.dead_home").count() == 2


def test_a_dead_link_is_suspected_on_one_day_and_confirmed_on_another(
        server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    _run_due(T0)
    dead = _dead(site, "/gone.html")
    assert dead.certainty == "suspected" and dead.evidence["days_unavailable"] == 1
    scheduler.request_recheck(site, T0 + timedelta(hours=3))
    _run_due(T0 + timedelta(hours=3))  # the same day again: still only suspected
    assert _dead(site, "/gone.html").certainty == "suspected"
    _run_due(T0 + timedelta(days=1, hours=3))  # the daily incremental scan sees it on another day
    dead = _dead(site, "/gone.html")
    assert dead.certainty == "confirmed" and dead.evidence["days_unavailable"] == 2
    assert dead.days_seen == ["2026-05-11", "2026-05-12"]
    _run_due(T0 + timedelta(days=3))
    dead = _dead(site, "/gone.html")
    assert dead.evidence["days_unavailable"] == 4 and dead.evidence["unavailable_since"] == "2026-05-11"
    assert Finding.objects.filter(site=site, code="links.dead_home").count() == 1


def test_days_unavailable_restart_when_a_fixed_link_breaks_again(
        server: ServerThread, site_files: SiteFiles, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    _run_due(T0)
    _run_due(T0 + timedelta(days=1))
    assert _dead(site, "/gone.html").certainty == "confirmed"
    site_files.write(dead=[])
    scheduler.request_recheck(site, T0 + timedelta(days=2))
    _run_due(T0 + timedelta(days=2))
    assert _dead(site, "/gone.html").status == "resolved"
    site_files.write()
    scheduler.request_recheck(site, T0 + timedelta(days=5))
    _run_due(T0 + timedelta(days=5))
    dead = _dead(site, "/gone.html")
    assert dead.status == "open" and dead.certainty == "suspected"
    assert dead.evidence["unavailable_since"] == "2026-05-16" and dead.evidence["days_unavailable"] == 1


def test_a_complete_scan_of_an_unreachable_homepage_resolves_nothing(
        server: ServerThread, site_files: SiteFiles, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    _run_due(T0)
    open_before = set(Finding.objects.filter(site=site, status="open").values_list("fingerprint", flat=True))
    site_files.write(home=False)
    scheduler.request_recheck(site, T0 + timedelta(hours=1))
    [down] = _run_due(T0 + timedelta(hours=1))
    assert down.record is not None and down.record.resolved == 0 and "首页" in down.record.resolution
    assert open_before <= set(Finding.objects.filter(site=site, status="open").values_list("fingerprint", flat=True))


def test_incremental_scan_reads_known_columns_beyond_one_click(
        server: ServerThread, site_files: SiteFiles, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/")
    _run_due(T0)
    notice = Column.objects.get(site=site, url=f"{server.url}/zwgk/tzgg/")
    newest = (T0 + timedelta(days=1)).date()
    site_files.write(notice_days=[newest, newest - timedelta(days=5), newest - timedelta(days=9)])
    [incremental] = _run_due(T0 + timedelta(days=1))
    assert incremental.kind == "incremental"
    run = ScanRun.objects.get(id=incremental.run_id)
    assert (run.complete, run.report_dir) == (False, "")
    notice.refresh_from_db()
    assert notice.last_item_date == newest and notice.source == "discovered"
    assert Column.objects.filter(site=site, url=f"{server.url}/zwgk/tzgg/").count() == 1


def test_schedules_move_on_after_a_scan(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(f"{server.url}/", full_scan_days=3, incremental_hours=12)
    [full] = _run_due(T0)
    assert full.kind == "full"  # full and incremental were both due: the full scan covers both
    schedules = {s.kind: s for s in ScanSchedule.objects.filter(site=site)}
    assert schedules["full"].next_run_at == T0 + timedelta(days=3)
    assert schedules["full"].interval_seconds == 3 * 86400 and schedules["full"].last_run_at == T0
    assert schedules["incremental"].next_run_at == T0 + timedelta(hours=12)
    assert scheduler.run_due(now=T0 + timedelta(hours=11)) == []
    [inc] = _run_due(T0 + timedelta(hours=12))
    assert inc.kind == "incremental"
    assert ScanSchedule.objects.get(site=site, kind="incremental").next_run_at == T0 + timedelta(hours=24)
    assert ScanSchedule.objects.get(site=site, kind="full").next_run_at == T0 + timedelta(days=3)


def test_scans_raise_the_alerts_their_rules_ask_for(server: ServerThread, make_site: MakeSite) -> None:
    from govwatch.storage.models import Alert, AlertRule

    site = make_site(f"{server.url}/")
    AlertRule.objects.create(code_prefix="links.", recipients=["json://127.0.0.1:9/hook"])
    _run_due(T0)
    assert not Alert.objects.exists()  # a dead link seen on one day only is 疑似: nobody is alerted yet
    for hours in (24, 26):  # seen again the next day → 确定不可用 → one alert; a later scan adds none
        scheduler.request_recheck(site, T0 + timedelta(hours=hours))
        _run_due(T0 + timedelta(hours=hours))
        [alert] = Alert.objects.select_related("finding")
        assert (alert.finding.code, alert.recipient, alert.event) == (
            "links.dead_home", "json://127.0.0.1:9/hook", "confirmed")


def test_a_complete_scan_closes_only_what_it_looked_at(server: ServerThread, make_site: MakeSite) -> None:
    """Findings raised outside scans (the reprint watch) and findings of checks the scan did not run
    (security checks of a scan without --security) stay open; scan findings no longer seen close."""
    site = make_site(f"{server.url}/")
    _run_due(T0)
    outside = Finding.objects.create(site=site, fingerprint="reprint-1", code="reprint.missing",
                                     message="上级重要政策12小时内未转载", first_seen=T0, last_seen=T0)
    first = ScanRun.objects.filter(site=site).first()
    security = Finding.objects.create(site=site, fingerprint="hdr-1", code="security.headers",
                                      message="缺少安全响应头", first_seen=T0, last_seen=T0, first_run=first)
    scan_owned = Finding.objects.create(site=site, fingerprint="old-dead", code="links.dead_home",
                                        message="旧的死链", first_seen=T0, last_seen=T0, first_run=first)
    scheduler.request_recheck(site, T0 + timedelta(days=1))
    _run_due(T0 + timedelta(days=1))
    statuses = dict(Finding.objects.filter(pk__in=[outside.pk, security.pk, scan_owned.pk])
                    .values_list("fingerprint", "status"))
    assert statuses == {"reprint-1": "open", "hdr-1": "open", "old-dead": "resolved"}
