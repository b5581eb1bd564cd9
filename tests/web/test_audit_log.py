"""The audit log (issue #4 §5): sign-in events with the source address, admin-site changes, API token
creation, and the bureau admin's audit page (filters, pagination, who may open it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from apipersonas import fast_passwords
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from personakit import PASSWORD, make_personas

from govwatch.services.access import actor_of, audit
from govwatch.services.api_tokens import issue_token, revoke_token
from govwatch.services.audit_log import client_ip
from govwatch.storage.models import AuditEvent, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_failed_login_are_recorded_with_the_source_address() -> None:
    make_personas()
    client = Client(REMOTE_ADDR="10.20.30.40")
    assert _login(client, "p-operator", "wrong-password-1").status_code == 200
    assert _login(client, "nobody", "wrong-password-2").status_code == 200
    assert _login(client, "p-operator", PASSWORD).status_code == 302
    failed = AuditEvent.objects.filter(action="login_failed").order_by("id")
    assert [(e.username, e.ip) for e in failed] == [("p-operator", "10.20.30.40"), ("nobody", "10.20.30.40")]
    operator = get_user_model().objects.get(username="p-operator")
    assert failed[0].user_id == operator.pk and failed[1].user_id is None
    assert not any("wrong-password" in e.summary for e in failed)  # never the password tried
    login = AuditEvent.objects.get(action="login")
    assert (login.user_id, login.username, login.ip, login.object_type) == (
        operator.pk, "p-operator", "10.20.30.40", "auth.user")


def test_logout_is_recorded() -> None:
    make_personas()
    client = Client(REMOTE_ADDR="192.168.1.9")
    _login(client, "p-unit-a", PASSWORD)
    assert client.post(reverse("logout")).status_code == 302
    event = AuditEvent.objects.get(action="logout")
    assert (event.username, event.ip, event.summary) == ("p-unit-a", "192.168.1.9", "退出登录")


def test_ipv6_and_bad_addresses() -> None:
    make_personas()
    _login(Client(REMOTE_ADDR="::1"), "p-admin", PASSWORD)
    assert AuditEvent.objects.get(action="login").ip == "::1"
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-ip")  # (django-axes itself needs a valid one)
    assert client_ip(request) is None and client_ip(None) is None
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=" 10.0.0.1 ")) == "10.0.0.1"


def test_api_token_creation_and_revocation_are_recorded_without_the_token() -> None:
    make_personas()
    first = issue_token("p-operator")
    second = issue_token("p-operator")
    assert second.replaced and second.key != first.key
    assert revoke_token("p-operator") and not revoke_token("p-operator")
    events = list(AuditEvent.objects.filter(object_type="authtoken.token").order_by("id"))
    assert [e.action for e in events] == ["create", "create", "delete"]
    assert "创建" in events[0].summary and "更换" in events[1].summary and "吊销" in events[2].summary
    assert not any(first.key in e.summary or second.key in e.summary for e in events)


def test_admin_site_changes_become_audit_events() -> None:
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    spare = Unit.objects.create(name="丙县人民政府", level="县")
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.force_login(root)
    assert client.post("/admin/auth/group/add/", {"name": "值班组"}).status_code == 302
    group = Group.objects.get(name="值班组")
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "夜间值班组"})
    assert response.status_code == 302
    response = client.post(f"/admin/storage/unit/{spare.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Unit.objects.filter(pk=spare.pk).exists()
    assert LogEntry.objects.count() == 3
    events = list(AuditEvent.objects.exclude(action="login").order_by("id"))
    assert [(e.action, e.object_type, e.username) for e in events] == [
        ("create", "auth.group", "root"), ("change", "auth.group", "root"), ("delete", "storage.unit", "root")]
    assert events[0].object_id == str(group.pk) and "值班组" in events[0].summary
    assert "管理后台删除" in events[2].summary and "丙县人民政府" in events[2].summary


def _seed(n: int) -> None:
    admin = actor_of(get_user_model().objects.get(username="p-admin"))
    for i in range(n):
        audit(admin, "download", summary=f"下载报告 {i}", object_type="reports.file", object_id=str(i))


def test_audit_page_is_for_bureau_admins_only() -> None:
    make_personas()
    for username in ("p-operator", "p-unit-a", "p-unit-b", "p-proofreader", "p-outsider"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get("/audit/")
        assert response.status_code == 403, username
        assert "无权" in response.content.decode()
    anonymous = Client().get("/audit/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="p-admin"))
    assert client.get("/audit/").status_code == 200


def test_audit_page_filters_and_pagination() -> None:
    make_personas()
    _login(Client(REMOTE_ADDR="10.9.9.9"), "p-unit-a", "bad")
    _login(Client(REMOTE_ADDR="10.9.9.8"), "p-unit-b", PASSWORD)
    _seed(60)
    client = Client()
    client.force_login(get_user_model().objects.get(username="p-admin"))
    page = client.get("/audit/").content.decode()  # 60 downloads, 1 failed login, 2 logins (force_login too)
    assert "共 63 条记录" in page and "第 1 / 2 页" in page and "下载报告 59" in page and "下载报告 5<" not in page
    page2 = client.get("/audit/", {"page": 2}).content.decode()
    assert "第 2 / 2 页" in page2 and "10.9.9.9" in page2 and "登录失败" in page2
    failed = client.get("/audit/", {"action": "login_failed"}).content.decode()
    assert "共 1 条记录" in failed and "p-unit-a" in failed and "10.9.9.9" in failed
    by_user = client.get("/audit/", {"user": "UNIT-B"}).content.decode()
    assert "共 1 条记录" in by_user and "10.9.9.8" in by_user
    typed = client.get("/audit/", {"object_type": "reports.file", "user": "p-admin"}).content.decode()
    assert "共 60 条记录" in typed and '<option value="reports.file" selected>' in typed
    today = timezone.localdate()
    dated = client.get("/audit/", {"since": str(today), "until": str(today)}).content.decode()
    assert "共 63 条记录" in dated
    AuditEvent.objects.filter(object_type="reports.file").update(at=timezone.now() - timedelta(days=3))
    recent = client.get("/audit/", {"since": str(today)}).content.decode()
    assert "共 3 条记录" in recent
    old = client.get("/audit/", {"until": str(today - timedelta(days=2))}).content.decode()
    assert "共 60 条记录" in old
    bad = client.get("/audit/", {"since": "2026-13-45", "action": "hack"}).content.decode()
    assert "起始日期格式应为 YYYY-MM-DD" in bad and "未知的操作类型" in bad and "共 63 条记录" in bad


def test_admin_bulk_deletion_is_recorded_once_per_object_with_the_address() -> None:
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    spares = [Unit.objects.create(name=f"空单位{i}") for i in range(3)]
    client = Client(REMOTE_ADDR="10.0.0.7")
    client.force_login(root)
    response = client.post("/admin/storage/unit/", {"action": "delete_selected", "post": "yes",
                                                    "_selected_action": [u.pk for u in spares]})
    assert response.status_code == 302 and not Unit.objects.filter(name__startswith="空单位").exists()
    events = AuditEvent.objects.filter(action="delete").order_by("id")
    assert [(e.object_id, e.ip) for e in events] == [(str(u.pk), "10.0.0.7") for u in spares]
    one = Unit.objects.create(name="单个空单位")
    client.post("/admin/storage/unit/", {"action": "delete_selected", "post": "yes", "_selected_action": [one.pk]})
    assert AuditEvent.objects.filter(action="delete", object_id=str(one.pk)).count() == 1  # not twice
