"""Persona tests of the ledger area (issue #8 §3–§5): every view and download scoped through the Actor —
staff see both units, a unit user only their own, proofreader and outsider 403, anonymous → login."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook
from personakit import NOW, make_personas

from govwatch.services.access import actor_of
from govwatch.services.ledger import annual
from govwatch.storage.ledger.models import (
    AnnualReport,
    ColumnDuty,
    Publication,
    ReprintSource,
    UpstreamItem,
)
from govwatch.storage.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = ["/ledger/", "/ledger/new/", "/ledger/duties/", "/ledger/crosscheck/?day=2026-11-20",
         "/ledger/deliverables/?year=2026", "/ledger/reprints/", "/ledger/annual/"]


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _data():  # type: ignore[no-untyped-def]
    p = make_personas()
    for tag, site in zip(("甲", "乙"), p.sites, strict=True):
        Publication.objects.create(site=site, title=f"{tag}县政策文件标题", column_name="政策文件", published_at=NOW,
                                   created_at=NOW, kind="topic")
        ColumnDuty.objects.create(site=site, column_name="政策文件", unit=site.unit, person=f"{tag}责任人")
        source = ReprintSource.objects.create(name=f"{tag}县上级来源", url=f"http://up.example/{site.pk}.xml",
                                              kind="rss", site=site)
        UpstreamItem.objects.create(source=source, title=f"{tag}县待转载的国务院文件", url=f"http://up.example/{site.pk}",
                                    first_seen=NOW, due_at=NOW + timedelta(hours=12))
        admin = actor_of(get_user_model().objects.get(username=p.admin))
        annual.refresh_report(admin, site.pk, 2026, NOW)
    return p


def test_every_page_is_scoped_per_persona() -> None:
    p = _data()
    for name in (p.admin, p.operator):
        client = _client(name)
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, (name, url)
        body = client.get("/ledger/").content.decode()
        assert "甲县政策文件标题" in body and "乙县政策文件标题" in body
    for name, own, other in ((p.unit_a, "甲", "乙"), (p.unit_b, "乙", "甲")):
        client = _client(name)
        for url in PAGES:
            body = client.get(url).content.decode()
            assert f"{other}县" not in body.replace(f"{own}县", ""), (name, url)
        assert f"{own}县政策文件标题" in client.get("/ledger/").content.decode()
        assert f"{own}责任人" in client.get("/ledger/duties/").content.decode()
        assert f"{own}县待转载的国务院文件" in client.get("/ledger/reprints/").content.decode()
        assert "剩余" in client.get("/ledger/reprints/").content.decode() or "超时" in client.get(
            "/ledger/reprints/").content.decode()
    for name in (p.proofreader, p.outsider):
        client = _client(name)
        for url in PAGES + ["/ledger/export.csv", "/ledger/export.xlsx"]:
            assert client.get(url).status_code == 403, (name, url)
        assert client.post("/ledger/new/", {"title": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
    anonymous = _client(None)
    for url in PAGES:  # to the login page (403 while the pages area has no login route yet)
        response = anonymous.get(url)
        assert response.status_code in (302, 403) and "next=" in response.get("Location", "next=")


def test_export_is_scoped_and_audited() -> None:
    p = _data()
    csv_body = _client(p.unit_a).get("/ledger/export.csv").content.decode("utf-8-sig")
    assert "甲县政策文件标题" in csv_body and "乙县政策文件标题" not in csv_body
    xlsx = _client(p.operator).get("/ledger/export.xlsx?kind=topic")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A1"].value == "序号" and ws.max_row == 3
    events = AuditEvent.objects.filter(action="export").values_list("username", flat=True)
    assert sorted(events) == ["p-operator", "p-unit-a"]


def test_entry_form_and_changes_stay_in_the_unit() -> None:
    p = _data()
    client = _client(p.unit_a)
    form = {"column_name": "通知公告", "title": "关于开展安全检查的通知", "published_at": "2026-11-20T09:30",
            "kind": "normal", "editor": "李四"}
    assert client.post("/ledger/new/", {**form, "site": p.sites[1].pk}).status_code == 200  # B not a choice
    assert not Publication.objects.filter(title="关于开展安全检查的通知").exists()
    assert client.post("/ledger/new/", {**form, "site": p.sites[0].pk}).status_code == 302
    pub = Publication.objects.get(title="关于开展安全检查的通知")
    assert pub.site == p.sites[0] and pub.entered_by.username == p.unit_a and pub.published_at.hour == 1
    change = {"title": pub.title, "kind": "normal", "editor": "李四", "reviewer": "王五", "note": "补录"}
    assert client.post(f"/ledger/{pub.pk}/", change).status_code == 302
    assert "王五" in client.get(f"/ledger/{pub.pk}/").content.decode()
    assert _client(p.unit_b).get(f"/ledger/{pub.pk}/").status_code == 404
    assert _client(p.unit_b).post(f"/ledger/{pub.pk}/", change).status_code == 404


def test_duties_reprint_sources_and_plans_writes_are_scoped() -> None:
    p = _data()
    row_a = ColumnDuty.objects.get(site=p.sites[0])
    assert _client(p.unit_b).post(f"/ledger/duties/{row_a.pk}/delete/").status_code == 403
    assert _client(p.unit_a).post(f"/ledger/duties/{row_a.pk}/delete/").status_code == 302
    source = {"site": p.sites[0].pk, "name": "省政府文件", "url": "http://sheng.example/zcwj/", "kind": "list",
              "filter_words": "省人民政府，意见 通知", "deadline_hours": 12}
    assert _client(p.unit_a).post("/ledger/reprints/", source).status_code == 403
    assert _client(p.operator).post("/ledger/reprints/", source).status_code == 302
    assert ReprintSource.objects.get(name="省政府文件").filter_words == ["省人民政府", "意见", "通知"]
    plan = {"site": p.sites[0].pk, "year": 2026, "kind": "topic", "target": 12, "items": "3 营商环境专题"}
    assert _client(p.unit_a).post("/ledger/deliverables/", plan).status_code == 302
    body = _client(p.unit_a).get("/ledger/deliverables/?year=2026").content.decode()
    assert "专题" in body and "营商环境专题" in body


def test_annual_report_page_manual_entry_and_downloads() -> None:
    p = _data()
    report_a = AnnualReport.objects.get(site=p.sites[0])
    client = _client(p.unit_a)
    page = client.get(f"/ledger/annual/{report_a.pk}/").content.decode()
    assert "待人工填报" in page and "信息发布总数" in page
    assert client.post(f"/ledger/annual/{report_a.pk}/", {"f_visits": "8888", "status": "final"}).status_code == 302
    report_a.refresh_from_db()
    assert report_a.manual == {"visits": "8888"} and report_a.status == "final"
    for fmt in ("docx", "xlsx"):
        response = client.get(f"/ledger/annual/{report_a.pk}/download/{fmt}/")
        assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
        assert _client(p.unit_b).get(f"/ledger/annual/{report_a.pk}/download/{fmt}/").status_code == 404
        for name in (p.proofreader, p.outsider):
            assert _client(name).get(f"/ledger/annual/{report_a.pk}/download/{fmt}/").status_code == 403
        assert _client(None).get(f"/ledger/annual/{report_a.pk}/download/{fmt}/").status_code in (302, 403)
    assert _client(p.unit_b).get(f"/ledger/annual/{report_a.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="download", username=p.unit_a).count() == 2
    assert _client(p.unit_a).post("/ledger/annual/", {"site": p.sites[1].pk, "year": 2026}).status_code == 200
    assert _client(p.operator).post("/ledger/annual/", {"site": p.sites[1].pk, "year": 2025}).status_code == 302
