"""Persona tests of the bulletins area (issue #4 §2, §4): every view, fragment and download answers each
persona with the decided status; unit users see only approved bulletins of the city/level/their own unit
and only their own unit's 监测报告; every download is audited; only a bureau admin approves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bulletinworld import PERSONAS, BulletinWorld, client_for, make_bulletin_world, use_data_dir

from govwatch.storage.bulletins.models import Bulletin, ReportJob
from govwatch.storage.models import AuditEvent

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED, MISSING = 200, 302, 403, 404
STAFF, UNITS, OTHERS = ("admin", "operator"), ("unit_a", "unit_b"), ("proofreader", "outsider")


def _fleet_page(persona: str) -> int:
    return LOGIN if persona == "anonymous" else DENIED if persona in OTHERS else OK


def _staff_page(persona: str) -> int:
    return LOGIN if persona == "anonymous" else OK if persona in STAFF else DENIED


def _seen_by(*allowed: str) -> Callable[[str], int]:
    def status(persona: str) -> int:
        return LOGIN if persona == "anonymous" else OK if persona in (*STAFF, *allowed) else MISSING
    return status


Route = tuple[str, Callable[[BulletinWorld], str], Callable[[str], int]]
ROUTES: list[Route] = [
    ("index", lambda w: "/bulletins/", _fleet_page),
    ("create", lambda w: "/bulletins/new/", _staff_page),
    ("report_create", lambda w: "/bulletins/reports/new/", _fleet_page),
]
for name, attr, allowed in (("city_ok", "city_ok", UNITS), ("city_draft", "city_draft", ()),
                            ("unit_b_ok", "unit_b_ok", ("unit_b",))):
    def _url(suffix: str, attr: str = attr) -> Callable[[BulletinWorld], str]:
        return lambda w: f"/bulletins/{getattr(w, attr).pk}/{suffix}"
    ROUTES += [(f"{name}_detail", _url(""), _seen_by(*allowed)),
               (f"{name}_progress", _url("progress/"), _seen_by(*allowed))]
    ROUTES += [(f"{name}_{fmt}", _url(f"download/{fmt}/"), _seen_by(*allowed)) for fmt in ("docx", "pdf", "xlsx")]
for index, owner in ((0, "unit_a"), (1, "unit_b")):
    def _rurl(suffix: str, index: int = index) -> Callable[[BulletinWorld], str]:
        return lambda w: f"/bulletins/reports/{w.reports[index].pk}/{suffix}"
    ROUTES += [(f"report{index}", _rurl(""), _seen_by(owner)), (f"report{index}_progress", _rurl("progress/"),
                                                                _seen_by(owner))]
    ROUTES += [(f"report{index}_{fmt}", _rurl(f"download/{fmt}/"), _seen_by(owner)) for fmt in ("pdf", "xlsx")]


@pytest.fixture
def world(tmp_path: Path, settings: object) -> BulletinWorld:
    use_data_dir(settings, tmp_path / "data")
    return make_bulletin_world()


def test_every_view_and_download_for_every_persona(world: BulletinWorld) -> None:
    failures = []
    for persona in PERSONAS:
        client = client_for(world.p, persona)
        for name, url, status in ROUTES:
            before = AuditEvent.objects.filter(action="download").count()
            response = client.get(url(world))
            if response.status_code != status(persona):
                failures.append(f"{persona} {name}: {response.status_code} != {status(persona)}")
            downloads = AuditEvent.objects.filter(action="download").count() - before
            if "download" in url(world) and downloads != (response.status_code == OK):
                failures.append(f"{persona} {name}: {downloads} download audit events")
    assert not failures, "\n".join(failures)


def test_downloads_are_files_with_chinese_names(world: BulletinWorld) -> None:
    client = client_for(world.p, "unit_a")
    response = client.get(f"/bulletins/{world.city_ok.pk}/download/docx/")
    assert response.status_code == OK
    assert "attachment" in response["Content-Disposition"] and "UTF-8''" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body[:2] == b"PK"
    pdf = client.get(f"/bulletins/reports/{world.reports[0].pk}/download/pdf/")
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"  # type: ignore[attr-defined]
    event = AuditEvent.objects.filter(action="download").latest("id")
    assert event.username == world.p.unit_a and event.object_type == "bulletins.reportjob"


def test_unit_pages_never_show_the_other_units_rows(world: BulletinWorld) -> None:
    page = client_for(world.p, "unit_a").get("/bulletins/").content.decode()
    assert world.city_ok.title in page and f"/bulletins/{world.city_ok.pk}/" in page
    assert f"/bulletins/{world.city_draft.pk}/" not in page and f"/bulletins/{world.unit_b_ok.pk}/" not in page
    assert world.p.sites[0].name in page and world.p.sites[1].name not in page
    assert f"/bulletins/reports/{world.reports[1].pk}/" not in page
    form = client_for(world.p, "unit_a").get("/bulletins/reports/new/").content.decode()
    assert world.p.sites[0].name in form and world.p.sites[1].name not in form
    staff = client_for(world.p, "operator").get("/bulletins/").content.decode()
    assert all(f"/bulletins/{b.pk}/" in staff for b in (world.city_ok, world.city_draft, world.unit_b_ok))


def test_only_the_admin_approves_and_approved_is_frozen(world: BulletinWorld) -> None:
    draft = world.city_draft
    for persona in ("operator", "unit_a", "proofreader", "outsider"):
        response = client_for(world.p, persona).post(f"/bulletins/{draft.pk}/approve/")
        assert response.status_code == DENIED, persona
    assert client_for(world.p, "anonymous").post(f"/bulletins/{draft.pk}/approve/").status_code == LOGIN
    assert client_for(world.p, "admin").get(f"/bulletins/{draft.pk}/approve/").status_code == 405
    admin = client_for(world.p, "admin")
    assert "审核通过" in admin.get(f"/bulletins/{draft.pk}/").content.decode()
    response = admin.post(f"/bulletins/{draft.pk}/approve/", follow=True)
    assert "通报已审核通过" in response.content.decode()
    draft.refresh_from_db()
    assert draft.approved and draft.approved_by is not None and draft.approved_by.username == world.p.admin
    assert AuditEvent.objects.filter(action="approve", object_id=str(draft.pk)).count() == 1
    again = admin.post(f"/bulletins/{draft.pk}/approve/", follow=True).content.decode()
    assert "只有已生成且尚未审核的通报可以审核通过" in again
    frozen = admin.post(f"/bulletins/{draft.pk}/regenerate/", follow=True).content.decode()
    assert "已审核的通报不能重新生成" in frozen
    assert Bulletin.objects.get(pk=draft.pk).status == "done"
    assert "重新生成" not in admin.get(f"/bulletins/{draft.pk}/").content.decode()


def test_generate_form_queues_a_job_and_the_progress_fragment_polls(world: BulletinWorld) -> None:
    operator = client_for(world.p, "operator")
    form = operator.get("/bulletins/new/").content.decode()
    assert "生成通报" in form and "乙县人民政府" in form and "csrfmiddlewaretoken" in form
    bad = operator.post("/bulletins/new/", {"period": "2099Q1", "scope": "city"}).content.decode()
    assert "尚未开始" in bad
    response = operator.post("/bulletins/new/", {"period": "2026Q4", "scope": "level:县", "doc_number": "",
                                                 "issuer": "市大数据管理局"})
    row = Bulletin.objects.latest("id")
    assert response.status_code == LOGIN and response["Location"] == f"/bulletins/{row.pk}/"
    assert row.status == "queued" and row.scope_label == "县级" and row.created_by.username == world.p.operator
    page = operator.get(f"/bulletins/{row.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="/bulletins/{row.pk}/progress/"' in page
    assert 'http-equiv="refresh"' in page  # without JavaScript the page refreshes itself
    fragment = operator.get(f"/bulletins/{row.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "排队中" in fragment.content.decode() and "HX-Refresh" not in fragment
    from bulletinworld import NOW

    from govwatch.services.bulletins.jobs import run_queued

    run_queued(NOW)
    done = operator.get(f"/bulletins/{row.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "hx-trigger" not in done.content.decode() and "100%" in done.content.decode()
    assert "下载 PDF" in operator.get(f"/bulletins/{row.pk}/").content.decode()
    assert client_for(world.p, "unit_a").post("/bulletins/new/", {"period": "2026Q4", "scope": "city"}).status_code == DENIED


def test_unit_user_requests_only_its_own_sites_report(world: BulletinWorld) -> None:
    unit_a = client_for(world.p, "unit_a")
    count = ReportJob.objects.count()
    refused = unit_a.post("/bulletins/reports/new/", {"site": world.p.sites[1].pk, "period": "2026Q4"})
    assert refused.status_code == OK and ReportJob.objects.count() == count
    response = unit_a.post("/bulletins/reports/new/", {"site": world.p.sites[0].pk, "period": "2026Q4"})
    job = ReportJob.objects.latest("id")
    assert response["Location"] == f"/bulletins/reports/{job.pk}/" and job.site_id == world.p.sites[0].pk


def test_failed_job_page_shows_the_chinese_error(world: BulletinWorld, settings: object) -> None:
    from bulletinworld import NOW

    from govwatch.services.bulletins.jobs import data_dir, run_queued

    admin = client_for(world.p, "admin")
    admin.post("/bulletins/new/", {"period": "2026Q4", "scope": "city"})
    row = Bulletin.objects.latest("id")
    target = data_dir() / "bulletins" / "2026Q4"
    target.mkdir(parents=True, exist_ok=True)
    blocked = target / str(row.pk)
    blocked.write_text("occupied")  # a file where the job's folder should be
    run_queued(NOW)
    page = admin.get(f"/bulletins/{row.pk}/").content.decode()
    assert "失败原因：写入文件失败" in page and "重新生成" in page


def test_admin_lists_bulletins_read_only(world: BulletinWorld) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    root = get_user_model().objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(root)
    page = client.get("/admin/bulletins/bulletin/")
    assert page.status_code == OK and world.city_ok.title in page.content.decode()
    assert client.get("/admin/bulletins/bulletin/add/").status_code == DENIED
