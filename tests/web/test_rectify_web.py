"""Rectify pages through the real Django stack: the flow, CSRF, uploads, and personas (no cross-unit leak)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from personakit import Personas, make_personas

from govwatch.services.access import actor_of
from govwatch.services.rectification import notices
from govwatch.services.rectification.uploads import Upload
from govwatch.storage.models import AuditEvent
from govwatch.storage.rectify.models import Attachment, Rectification

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: object) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    return tmp_path / "media"


def _login(name: str, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(get_user_model().objects.get(username=name))  # axes wants a request for login()
    return client


def _notice(p: Personas) -> Rectification:
    op = _login(p.operator)
    resp = op.post("/rectify/new/", {"finding": [p.findings[0].pk], "confirm": "1", "working_days": "5",
                                     "note": "请在期限内修复"})
    assert resp.status_code == 302
    return Rectification.objects.get()


def test_operator_creates_from_posted_findings() -> None:
    p = make_personas()
    op = _login(p.operator)
    form = op.post("/rectify/new/", {"finding": [p.findings[0].pk, p.findings[1].pk]})
    html = form.content.decode()
    assert form.status_code == 200 and "甲县人民政府" in html and "乙县人民政府" in html
    assert "个工作日，截止" in html and "将分别向每个单位下发" in html
    done = op.post("/rectify/new/", {"finding": [p.findings[0].pk, p.findings[1].pk], "confirm": "1",
                                     "working_days": "5"})
    assert done.status_code == 302 and done["Location"] == "/rectify/"
    assert Rectification.objects.count() == 2
    bad = op.post("/rectify/new/", {"finding": [p.findings[0].pk], "confirm": "1", "working_days": "5"})
    assert bad.status_code == 400 and "已在未办结" in bad.content.decode()
    assert "截止" in op.get("/rectify/deadline/?working_days=3").content.decode()
    assert "1 至 60" in op.get("/rectify/deadline/?working_days=0").content.decode()


def test_unit_sees_responds_with_an_attachment_and_downloads_it() -> None:
    p = make_personas()
    rect = _notice(p)
    ua = _login(p.unit_a)
    listing = ua.get("/rectify/").content.decode()
    assert rect.number in listing
    page = ua.get(f"/rectify/{rect.pk}/").content.decode()
    assert "反馈整改情况" in page and "复查" not in page.split("整改事项")[0].split("操作")[1]
    refused = ua.post(f"/rectify/{rect.pk}/respond/", {"text": "已整改", "files": [SimpleUploadedFile("a.pdf", b"MZ")]})
    assert refused.status_code == 400 and "内容与扩展名 .pdf 不符" in refused.content.decode()
    ok = ua.post(f"/rectify/{rect.pk}/respond/", {"text": "已整改完毕", "files": [SimpleUploadedFile("报告.pdf", PDF)]})
    assert ok.status_code == 302
    att = Attachment.objects.get()
    got = ua.get(f"/rectify/attachments/{att.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="download", username=p.unit_a).count() == 1
    assert Rectification.objects.get().status == "responded"


def test_unit_b_gets_404_everywhere_on_unit_a_notice() -> None:
    p = make_personas()
    rect = _notice(p)
    _login(p.unit_a).post(f"/rectify/{rect.pk}/respond/", {"text": "ok"})
    ua = actor_of(get_user_model().objects.get(username=p.unit_a))
    response = notices.respond(ua, rect.pk, "附件", [Upload("x.pdf", PDF)])
    att = response.attachments.get()
    ub = _login(p.unit_b)
    assert rect.number not in ub.get("/rectify/").content.decode()
    assert rect.number not in ub.get("/rectify/overdue/").content.decode()
    for url in (f"/rectify/{rect.pk}/", f"/rectify/{rect.pk}/respond/", f"/rectify/attachments/{att.pk}/"):
        assert ub.get(url).status_code == 404, url
    assert ub.post(f"/rectify/{rect.pk}/respond/", {"text": "冒充"}).status_code == 404
    assert ub.post(f"/rectify/{rect.pk}/recheck/").status_code == 403
    assert ub.post(f"/rectify/{rect.pk}/close/").status_code == 403
    assert ub.post("/rectify/new/", {"finding": [p.findings[0].pk]}).status_code == 403
    assert Rectification.objects.get().responses.count() == 2


@pytest.mark.parametrize("who", ["proofreader", "outsider"])
def test_proofreader_and_outsider_get_403(who: str) -> None:
    p = make_personas()
    rect = _notice(p)
    client = _login(getattr(p, who))
    for url in ("/rectify/", "/rectify/overdue/", f"/rectify/{rect.pk}/", f"/rectify/{rect.pk}/respond/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/rectify/new/", {"finding": [p.findings[0].pk]}).status_code == 403
    assert client.post(f"/rectify/{rect.pk}/recheck/").status_code == 403


def test_anonymous_is_sent_to_login_and_csrf_is_enforced() -> None:
    p = make_personas()
    rect = _notice(p)
    assert Client().get("/rectify/")["Location"].startswith("/login/")
    op = _login(p.operator, csrf=True)
    assert op.post("/rectify/new/", {"finding": [p.findings[1].pk]}).status_code == 403
    assert op.post(f"/rectify/{rect.pk}/close/").status_code == 403
    ua = _login(p.unit_a, csrf=True)
    assert ua.post(f"/rectify/{rect.pk}/respond/", {"text": "x"}).status_code == 403
    assert Rectification.objects.get().status == "open"


def test_operator_closes_and_sees_history_and_delivery_log() -> None:
    p = make_personas()
    rect = _notice(p)
    op = _login(p.operator)
    assert op.post(f"/rectify/{rect.pk}/close/", {"reason": "单位已说明"}).status_code == 302
    page = op.get(f"/rectify/{rect.pk}/").content.decode()
    assert "已办结" in page and "人工办结：单位已说明" in page and "通知发送记录" in page
    assert Rectification.objects.get().status == "closed"
