"""The access rules of services.access (issue #4 §2) over the real database: each persona's scope."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from personakit import make_personas

from govwatch.services.access import AccessDenied, actor_of, audit, ensure_user, user_rows
from govwatch.services.errors import UsageError
from govwatch.storage.models import AuditEvent

pytestmark = pytest.mark.django_db


def _actor(username: str):  # type: ignore[no-untyped-def]
    return actor_of(get_user_model().objects.get(username=username))


def test_staff_side_sees_everything_units_see_only_their_own() -> None:
    p = make_personas()
    for name in (p.admin, p.operator):
        actor = _actor(name)
        assert actor.sites().count() == 2 and actor.findings().count() == 2 and actor.accounts().count() == 2
    a, b = _actor(p.unit_a), _actor(p.unit_b)
    assert list(a.sites()) == [p.sites[0]] and list(b.sites()) == [p.sites[1]]
    assert list(a.findings()) == [p.findings[0]] and list(b.accounts()) == [p.accounts[1]]
    assert list(a.units()) == [p.units[0]]
    assert a.may_see_unit(p.units[0].pk) and not a.may_see_unit(p.units[1].pk)


def test_outsider_and_proofreader_see_no_fleet_data() -> None:
    p = make_personas()
    for name in (p.outsider, p.proofreader):
        actor = _actor(name)
        assert actor.sites().count() == 0 and actor.findings().count() == 0 and actor.units().count() == 0
    with pytest.raises(AccessDenied, match="运维人员"):
        _actor(p.outsider).require("admin", "operator")
    _actor(p.operator).require("admin", "operator")


def test_superuser_is_admin_and_anonymous_is_outsider() -> None:
    from django.contrib.auth.models import AnonymousUser

    root = get_user_model().objects.create_superuser("root", password="x")
    assert actor_of(root).is_admin
    assert actor_of(AnonymousUser()).role is None


def test_ensure_user_validates_role_and_unit_and_keeps_passwords() -> None:
    make_personas()
    with pytest.raises(UsageError, match="未知角色"):
        ensure_user("x", "boss")
    with pytest.raises(UsageError, match="必须指定所属单位"):
        ensure_user("x", "unit")
    with pytest.raises(UsageError, match="没有单位"):
        ensure_user("x", "unit", "丙县人民政府")
    first = ensure_user("newop", "operator")
    assert len(first.password) >= 12
    again = ensure_user("newop", "admin")
    assert again.password == "" and _actor("newop").is_admin
    rows = {r.username: r for r in user_rows()}
    assert rows["p-unit-a"].unit == "甲县人民政府" and rows["p-outsider"].role_label == "未分配角色"


def test_audit_records_who_did_what() -> None:
    p = make_personas()
    event = audit(_actor(p.operator), "download", p.sites[0], summary="下载监测报告", ip="127.0.0.1")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.username, stored.action, stored.object_type, stored.object_id) == (
        "p-operator", "download", "storage.site", str(p.sites[0].pk))


def test_roles_carry_their_admin_site_rights_and_role_changes_are_reported() -> None:
    make_personas()
    users = get_user_model().objects
    admin, operator = users.get(username="p-admin"), users.get(username="p-operator")
    proofreader, unit = users.get(username="p-proofreader"), users.get(username="p-unit-a")
    assert admin.is_superuser and admin.is_staff
    assert operator.is_staff and not operator.is_superuser and operator.has_perm("storage.change_site")
    assert proofreader.is_staff and proofreader.has_perm("storage.add_proofreadjob")
    assert not proofreader.has_perm("storage.change_site")
    assert not unit.is_staff and not unit.has_perm("storage.view_site")
    demoted = ensure_user("p-admin", "unit", "乙县人民政府")
    assert demoted.previous_role == "admin"
    again = users.get(username="p-admin")
    assert not again.is_superuser and not again.is_staff and actor_of(again).is_unit


@pytest.mark.parametrize("name", ["", "   ", "a b", "<script>", "x" * 151])
def test_malformed_user_names_are_refused(name: str) -> None:
    with pytest.raises(UsageError, match="用户名"):
        ensure_user(name, "operator")
