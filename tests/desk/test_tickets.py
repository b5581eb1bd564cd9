"""Tickets: opening (idempotent on source + source_ref while open), notes, status changes, scoping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from govwatch.core.errors import UsageError
from govwatch.services.access import AccessDenied, ensure_user
from govwatch.services.access import actor_of as _actor_of
from govwatch.services.desk import tickets
from govwatch.storage.desk.models import Ticket, TicketClock, TicketEvent
from govwatch.storage.models import Unit

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 10:00 Beijing

pytestmark = pytest.mark.django_db


def actor(username: str, role: str, unit: str = ""):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    ensure_user(username, role, unit, password="x-Pass-2026")
    return _actor_of(get_user_model().objects.get(username=username))


def test_open_ticket_starts_clocks_and_logs_creation() -> None:
    unit = Unit.objects.create(name="甲县人民政府", level="县")
    ticket = tickets.open_ticket("fault", "门户首页无法访问", "探测连续失败", unit, now=T0)
    assert (ticket.status, ticket.source, ticket.priority, ticket.unit_id) == ("new", "manual", "urgent", unit.pk)
    clocks = {c.name: c for c in TicketClock.objects.filter(ticket=ticket)}
    assert clocks["respond"].due_at == T0 + timedelta(minutes=10)
    assert clocks["resolve"].due_at == T0 + timedelta(hours=2)
    assert clocks["progress"].due_at == T0 + timedelta(hours=24)
    assert clocks["resolve"].warn_at == T0 + timedelta(minutes=96)
    assert TicketEvent.objects.get(ticket=ticket).kind == "created"


def test_open_ticket_is_idempotent_while_open_only() -> None:
    first = tickets.open_ticket("fault", "首页无法访问", "", None, "probe", "site:1", now=T0)
    again = tickets.open_ticket("fault", "首页无法访问（再次）", "", None, "probe", "site:1", now=T0 + timedelta(minutes=5))
    assert again.pk == first.pk and Ticket.objects.count() == 1
    other = tickets.open_ticket("fault", "另一站点", "", None, "probe", "site:2", now=T0)
    assert other.pk != first.pk
    Ticket.objects.filter(pk=first.pk).update(status="closed")
    third = tickets.open_ticket("fault", "首页再次无法访问", "", None, "probe", "site:1", now=T0 + timedelta(days=1))
    assert third.pk not in (first.pk, other.pk)
    # blank source_ref never de-duplicates
    a = tickets.open_ticket("consult", "咨询", "", None, "manual", "", now=T0)
    b = tickets.open_ticket("consult", "咨询", "", None, "manual", "", now=T0)
    assert a.pk != b.pk


def test_the_database_refuses_a_second_open_ticket_for_one_source() -> None:
    tickets.open_ticket("content", "转载", "", None, "reprint", "item:9", now=T0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(kind="content", title="重复", source="reprint", source_ref="item:9", raised_at=T0)


def test_unknown_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        tickets.open_ticket("bug", "x", "")


def test_unit_user_raises_for_own_unit_only() -> None:
    a = Unit.objects.create(name="甲县人民政府", level="县")
    b = Unit.objects.create(name="乙县人民政府", level="县")
    unit_a = actor("u-a", "unit", a.name)
    ticket = tickets.raise_ticket(unit_a, "content", "请更新领导信息", "附件见邮件", None, now=T0)
    assert ticket.unit_id == a.pk and ticket.raised_by is not None
    with pytest.raises(AccessDenied):
        tickets.raise_ticket(unit_a, "content", "替乙县提交", "", b.pk, now=T0)
    with pytest.raises(AccessDenied):
        tickets.raise_ticket(actor("pr", "proofreader"), "consult", "问", "", None, now=T0)
    assert list(tickets.visible_tickets(actor("u-b", "unit", b.name))) == []
    assert list(tickets.visible_tickets(actor("op", "operator"))) == [ticket]


def test_staff_note_responds_and_status_changes_meet_clocks() -> None:
    op = actor("op", "operator")
    ticket = tickets.open_ticket("fault", "首页打不开", "", now=T0)
    tickets.add_note(op, ticket, "已收到，正在排查", now=T0 + timedelta(minutes=4))
    ticket.refresh_from_db()
    assert ticket.status == "responded" and ticket.responded_at == T0 + timedelta(minutes=4)
    respond = TicketClock.objects.get(ticket=ticket, name="respond")
    assert respond.met_at == T0 + timedelta(minutes=4)
    progress = TicketClock.objects.filter(ticket=ticket, name="progress").order_by("seq")
    assert [p.seq for p in progress] == [0, 1] and progress[1].due_at == T0 + timedelta(minutes=4, hours=24)
    tickets.add_note(op, ticket, "服务器已重启", "resolved", now=T0 + timedelta(minutes=50))
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert TicketClock.objects.get(ticket=ticket, name="resolve").met_at == T0 + timedelta(minutes=50)
    with pytest.raises(UsageError):
        tickets.add_note(op, ticket, "", "new", now=T0 + timedelta(hours=1))


def test_unit_user_may_only_close_or_reopen_a_resolved_ticket() -> None:
    a = Unit.objects.create(name="甲县人民政府", level="县")
    unit_a, op = actor("u-a", "unit", a.name), actor("op", "operator")
    ticket = tickets.raise_ticket(unit_a, "content", "更新栏目", "", now=T0)
    with pytest.raises(AccessDenied):
        tickets.add_note(unit_a, ticket, "我自己解决了", "resolved", now=T0)
    tickets.add_note(unit_a, ticket, "补充材料已发送")  # a plain note is fine, but is not staff progress
    assert TicketClock.objects.filter(ticket=ticket, name="progress").count() == 1
    tickets.add_note(op, ticket, "已更新", "resolved", now=T0 + timedelta(hours=3))
    tickets.add_note(unit_a, ticket, "确认", "closed", now=T0 + timedelta(hours=4))
    ticket.refresh_from_db()
    assert ticket.status == "closed" and ticket.closed_at == T0 + timedelta(hours=4)
    assert not TicketClock.objects.filter(ticket=ticket, met_at=None).exists()
