"""The rectification loop over the real database, a real scan of the sample site and real notifications."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from notifyhook import HookServer
from rectifykit import PDF, SampleCopy, register, scan_into_db

from govwatch.core.errors import UsageError
from govwatch.services.access import AccessDenied, Actor, actor_of, ensure_user
from govwatch.services.rectification import notices
from govwatch.services.rectification.recheck import due_rechecks, recheck
from govwatch.services.rectification.uploads import Upload, UploadRejected
from govwatch.storage.models import AuditEvent, Finding, Membership, ScanRun
from govwatch.storage.rectify.models import HistoryEvent, Notification, Rectification, UnitContact

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 9, 25, 2, 0, tzinfo=UTC)  # Friday 10:00 in Beijing: deadline 2026-10-09 (National Day)


def _actor(name: str) -> Actor:
    return actor_of(get_user_model().objects.get(username=name))


@pytest.fixture
def media(tmp_path: Path, settings: object) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media"


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[SampleCopy]:
    with SampleCopy(tmp_path / "site") as copy:
        yield copy


@pytest.fixture
def hook() -> Iterator[HookServer]:
    with HookServer() as server:
        yield server


def _people(hook: HookServer, unit_name: str = "甲县人民政府") -> None:
    ensure_user("op", "operator", password="x")
    ensure_user("boss", "admin", password="x")
    ensure_user("ua", "unit", unit_name, password="x")
    Membership.objects.filter(user__username="ua").update(notify_url=hook.url("unit"))
    Membership.objects.filter(user__username="op").update(notify_url=hook.url("op"))
    Membership.objects.filter(user__username="boss").update(notify_url=hook.url("admin"))


def test_create_notifies_the_unit_and_records_history(sample: SampleCopy, hook: HookServer) -> None:
    site = register(f"{sample.url}/")
    findings = scan_into_db(site)
    _people(hook)
    UnitContact.objects.create(unit=site.unit, name="机器人", notify_url=hook.url("fail/robot"))
    dead = [f for f in findings if f.code == "links.dead_home"]
    [rect] = notices.create(_actor("op"), [f.pk for f in dead], note="请尽快修复", now=NOW)
    assert rect.number == "整改〔2026〕第1号" and rect.deadline == date(2026, 10, 9) and rect.status == "open"
    assert [i.finding_id for i in rect.items.all()] == [f.pk for f in dead]
    paths = [p for p, _ in hook.received]
    assert paths == ["/unit"] and "2026年10月09日" in hook.received[0][1]["message"]
    log = {n.recipient.rsplit("/", 1)[-1]: n.status for n in Notification.objects.all()}
    assert log == {"unit": "sent", "robot": "failed"}
    assert HistoryEvent.objects.get(rectification=rect).to_status == "open"
    assert AuditEvent.objects.filter(action="create", object_type="rectify.rectification").count() == 1
    # the same finding cannot be chased twice; unit users cannot create
    with pytest.raises(UsageError, match="已在未办结"):
        notices.create(_actor("op"), [dead[0].pk], now=NOW)
    with pytest.raises(AccessDenied):
        notices.create(_actor("ua"), [findings[0].pk], now=NOW)
    [second] = notices.create(_actor("op"), [findings[0].pk if findings[0] not in dead else findings[1].pk], now=NOW)
    assert second.number == "整改〔2026〕第2号"


def test_findings_of_two_units_make_one_notice_per_unit(sample: SampleCopy, hook: HookServer) -> None:
    a = register(f"{sample.url}/", "甲县人民政府")
    b = register(f"http://localhost:{sample.server.port}/", "乙县人民政府")
    fa, fb = scan_into_db(a)[0], scan_into_db(b)[0]
    _people(hook)
    made = notices.create(_actor("op"), [fa.pk, fb.pk], working_days=3, now=NOW)
    assert sorted(r.unit.name for r in made) == ["乙县人民政府", "甲县人民政府"]
    assert {r.deadline for r in made} == {date(2026, 9, 30)} and all(r.items.count() == 1 for r in made)
    assert list(notices.visible(_actor("ua"))) == [next(r for r in made if r.unit_id == a.unit_id)]
    with pytest.raises(UsageError, match="不存在、已解决或无权访问"):
        notices.create(_actor("op"), [999999], now=NOW)


def test_respond_is_for_the_unit_only_and_tells_the_operators(sample: SampleCopy, hook: HookServer, media: Path) -> None:
    site = register(f"{sample.url}/")
    finding = scan_into_db(site)[0]
    _people(hook)
    ensure_user("ub", "unit", register("http://127.0.0.2/", "乙县人民政府").unit.name, password="x")
    [rect] = notices.create(_actor("op"), [finding.pk], now=NOW)
    with pytest.raises(notices.NotFound):
        notices.respond(_actor("ub"), rect.pk, "不是我的")
    with pytest.raises(notices.NotFound):
        notices.respond(_actor("op"), rect.pk, "运维不能代答")
    with pytest.raises(UploadRejected):
        notices.respond(_actor("ua"), rect.pk, "已整改", [Upload("x.pdf", b"MZ")])
    response = notices.respond(_actor("ua"), rect.pk, "已整改完毕", [Upload("整改报告.pdf", PDF)], now=NOW)
    att = response.attachments.get()
    assert att.size == len(PDF) and Path(att.file.path).read_bytes() == PDF and str(media) in att.file.path
    assert Rectification.objects.get(pk=rect.pk).status == "responded"
    assert "/op" in [p for p, _ in hook.received]
    with pytest.raises(notices.NotFound):
        notices.attachment(_actor("ub"), att.pk)
    assert notices.attachment(_actor("op"), att.pk).pk == att.pk
    assert AuditEvent.objects.filter(action="download", object_type="rectify.attachment").count() == 1


def test_recheck_closes_fixed_items_and_resolves_their_findings(sample: SampleCopy, hook: HookServer) -> None:
    site = register(f"{sample.url}/")
    scanned = scan_into_db(site)
    findings = {f.code: f for f in scanned}
    _people(hook)
    picked = [findings["links.dead_home"], findings["column.blank"]]
    [rect] = notices.create(_actor("op"), [f.pk for f in picked], now=NOW)
    first = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=1))
    assert (first.fixed, first.unfixed, first.unreadable, first.status) == (0, 2, 0, "open")
    sample.fix_dead_home_link()
    second = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=2))
    assert (second.fixed, second.unfixed, second.status) == (1, 1, "open")
    dead = rect.items.get(finding=findings["links.dead_home"])
    assert dead.status == "fixed" and dead.closed_at and dead.recheck_run.kind == "recheck"
    assert Finding.objects.get(pk=findings["links.dead_home"].pk).status == "resolved"
    assert not dead.recheck_run.complete and dead.recheck_run.stats["targeted"]
    # other open findings of the site are untouched by a partial 复查
    assert Finding.objects.filter(site=site, status="open").count() == len(scanned) - 1
    sample.fix_blank_column()
    third = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=3))
    assert (third.fixed, third.status) == (1, "closed")
    history = list(HistoryEvent.objects.filter(rectification=rect).values_list("action", flat=True))
    assert history.count("recheck") == 5 and history[-1] == "status"
    with pytest.raises(UsageError, match="已办结"):
        recheck(_actor("op"), rect.pk)


def test_unreadable_page_is_neither_fixed_nor_closed(sample: SampleCopy, hook: HookServer) -> None:
    site = register(f"{sample.url}/")
    blank = next(f for f in scan_into_db(site) if f.code == "column.blank")
    _people(hook)
    [rect] = notices.create(_actor("op"), [blank.pk], now=NOW)
    sample.break_page("rsxx/index.html")
    result = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=1))
    item = rect.items.get()
    assert (result.unreadable, item.status, item.recheck_outcome) == (1, "open", "unreadable")
    assert "无法读取（HTTP 404）" in item.recheck_note and Finding.objects.get(pk=blank.pk).status == "open"


def test_deadline_job_rechecks_once_and_escalates_to_the_admins(sample: SampleCopy, hook: HookServer) -> None:
    site = register(f"{sample.url}/")
    dead = next(f for f in scan_into_db(site) if f.code == "links.dead_home")
    _people(hook)
    [rect] = notices.create(_actor("op"), [dead.pk], now=NOW)
    assert due_rechecks(datetime(2026, 10, 9, 15, 0, tzinfo=UTC)) == ""  # 23:00 on the deadline day: not yet
    after = datetime(2026, 10, 9, 16, 30, tzinfo=UTC)  # 00:30 on 10-10 in Beijing
    line = due_rechecks(after)
    assert "未整改 1 项" in line and "已升级" in line
    assert due_rechecks(after + timedelta(hours=1)) == ""  # claimed once
    rect.refresh_from_db()
    assert rect.status == "escalated" and rect.auto_recheck_at == after
    assert "/admin" in [p for p, _ in hook.received]
    assert [r.pk for r in notices.overdue(_actor("op"), after)] == [rect.pk]
    assert ScanRun.objects.filter(kind="recheck").count() == 1
    by = HistoryEvent.objects.filter(rectification=rect, to_status="escalated").get()
    assert by.by_name == "系统" and by.by is None


def test_dead_link_on_an_inner_page_is_rechecked_on_its_referring_page(sample: SampleCopy, hook: HookServer) -> None:
    site = register(f"{sample.url}/")
    dead = next(f for f in scan_into_db(site) if f.code == "links.dead_inner" and f.url.endswith(".docx"))
    referrers = [r["page"] for r in dead.evidence["referrers"]]
    assert referrers and all(not r.rstrip("/").endswith(str(sample.server.port)) for r in referrers)
    _people(hook)
    [rect] = notices.create(_actor("op"), [dead.pk], now=NOW)
    first = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=1))
    assert (first.unfixed, first.fixed) == (1, 0)  # the inner page was re-read and still links the dead file
    run = rect.items.get().recheck_run
    assert set(referrers) <= set(run.stats["urls"]) and run.stats["pages"] <= len(referrers) + 1
    (sample.root / "files" / "missing-attachment.docx").write_bytes(b"PK\x03\x04 restored")
    second = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=2))
    assert (second.fixed, second.status) == (1, "closed")


def test_recheck_reaches_hosts_through_govwatch_resolve(sample: SampleCopy, hook: HookServer, settings: Any) -> None:
    """复查 honours GOVWATCH_RESOLVE like scheduled scans (an intranet whose DNS lacks the sites' names)."""
    import dataclasses

    from govwatch.crawl import CrawlOptions
    from govwatch.services.persist import record_scan
    from govwatch.services.scan import ScanRequest, scan_site
    from govwatch.services.scan_jobs import site_spec

    port = int(sample.url.rsplit(":", 1)[1])
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, resolve=(("www.jiaxian.gov.cn", port, "127.0.0.1"),))
    site = register(f"http://www.jiaxian.gov.cn:{port}/")
    run = ScanRun.objects.create(site=site, kind="full", status="running", complete=True, started_at=NOW)
    record_scan(run, scan_site(ScanRequest(site=site_spec(site),
                                           crawl=CrawlOptions(resolve=settings.GOVWATCH.resolve_map))), NOW)
    dead = Finding.objects.get(site=site, code="links.dead_home", status="open")
    _people(hook)
    [rect] = notices.create(_actor("op"), [dead.pk], now=NOW)
    sample.fix_dead_home_link()
    result = recheck(_actor("op"), rect.pk, now=NOW + timedelta(hours=1))
    assert (result.fixed, result.unreadable, result.status) == (1, 0, "closed")
