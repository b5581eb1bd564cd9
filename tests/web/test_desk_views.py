"""What the desk pages show: SLA state and remaining time, clocks and history, the note form, the SLA report,
who is on duty, the checklist and hand-over forms, the contract table with its totals."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from deskworld import DeskWorld, desk_client, make_desk_world

from govwatch.core.clock import utcnow
from govwatch.services.desk.tickets import open_ticket
from govwatch.storage.desk.models import ChecklistItem, HandoverNote, Ticket, TicketClock

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> DeskWorld:
    return make_desk_world()


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_list_shows_sla_state_and_remaining_time(world: DeskWorld) -> None:
    broken = open_ticket("fault", "乙县首页无法访问", "", world.p.units[1], now=utcnow() - timedelta(hours=3))
    body = text(desk_client(world.p, "operator").get("/desk/"))
    assert "乙县首页无法访问" in body and "已超时" in body and "超时 2小时50分" in body
    assert "正常" in body and "剩余 " in body  # the content tickets: progress window nearest, not yet warning
    assert f"/desk/tickets/{broken.pk}/" in body


def test_ticket_page_note_form_and_history(world: DeskWorld) -> None:
    ticket = world.tickets[0]
    client = desk_client(world.p, "operator")
    body = text(client.get(f"/desk/tickets/{ticket.pk}/"))
    assert "内容需求 3 个工作日内完成" in body and "每 24 小时反馈一次进展" in body and "反馈进展" in body
    response = client.post(f"/desk/tickets/{ticket.pk}/", {"action": "note", "text": "已受理，正在整理素材"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "responded"
    body = text(client.get(f"/desk/tickets/{ticket.pk}/"))
    assert "已受理，正在整理素材" in body and "按时完成" in body
    bad = client.post(f"/desk/tickets/{ticket.pk}/", {"action": "note", "text": ""})
    assert bad.status_code == 200 and "请填写进展说明" in bad.content.decode()
    client.post(f"/desk/tickets/{ticket.pk}/", {"action": "assign", "assignee": ""})
    client.post(f"/desk/tickets/{ticket.pk}/", {"action": "note", "text": "已发布", "status": "resolved"})
    unit = desk_client(world.p, "unit_a")
    page = text(unit.get(f"/desk/tickets/{ticket.pk}/"))
    assert "补充说明" in page and 'value="closed"' in page and "指派" not in page.split("补充说明")[1]
    assert unit.post(f"/desk/tickets/{ticket.pk}/", {"action": "note", "text": "确认", "status": "closed"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "closed" and not TicketClock.objects.filter(ticket=ticket, met_at=None).exists()


def test_sla_report_page(world: DeskWorld) -> None:
    open_ticket("fault", "故障", "", world.p.units[0], now=utcnow() - timedelta(hours=3))
    body = text(desk_client(world.p, "admin").get("/desk/sla/"))
    assert "工单时限报表" in body and "内容需求" in body and "故障" in body and "合计" in body
    assert "0 / 0 / 1 / 0" in body  # the fault's response clock: overdue
    bad = desk_client(world.p, "admin").get("/desk/sla/?period=2026-13")
    assert "无法识别的统计周期" in bad.content.decode()


def test_duty_pages(world: DeskWorld) -> None:
    client = desk_client(world.p, "operator")
    body = text(client.get("/desk/duty/"))
    assert "当前值班" in body and "p-operator" in body and "读网值班" in body
    shift_url = f"/desk/duty/{world.shift.pk}/"
    body = text(client.get(shift_url))
    assert "读网清单" in body and "门户网站首页" in body
    item = ChecklistItem.objects.filter(shift=world.shift).first()
    assert item is not None
    assert client.post(shift_url, {"action": "tick", "item": item.pk, "done": "1", "note": "正常"}).status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None and item.note == "正常"
    assert client.post(shift_url, {"action": "handover", "text": "甲县内容需求待发布"}).status_code == 302
    assert HandoverNote.objects.get().text == "甲县内容需求待发布"
    assert "甲县内容需求待发布" in text(client.get("/desk/duty/"))
    night = {"day": "2026-12-01", "start": "17:30", "end": "08:30", "people": ["p-operator", "p-admin"], "role": "lead"}
    assert client.post("/desk/duty/", night).status_code == 302
    assert "值班长" in text(client.get("/desk/duty/?day=2026-12-01"))
    assert "不存在或不是" in client.post("/desk/duty/", {**night, "people": ["p-unit-a"]}).content.decode()


def test_contract_page_table_and_totals(world: DeskWorld) -> None:
    admin = desk_client(world.p, "admin")
    form = {"account": world.p.accounts[1].pk, "period": "2026-Q3", "points": "41", "source": "省检查"}
    assert admin.post("/desk/contract/", form).status_code == 302
    body = text(admin.get("/desk/contract/?period=2026-Q3"))
    assert "甲县人民政府发布" in body and "乙县人民政府发布" in body
    assert "扣分满 20 分档" in body and "扣分满 40 分档" in body
    assert "<td>400</td>" in body and "<td>1000</td>" in body and "<td>1400</td>" in body  # county tiers, total
    assert "录入检查结果" in body
    assert "录入检查结果" not in text(desk_client(world.p, "operator").get("/desk/contract/?period=2026-Q3"))
    bad = admin.post("/desk/contract/", {**form, "points": "x"})
    assert "扣分应为数字" in bad.content.decode()
    assert Ticket.objects.count() == 2


def test_django_admin_lists_desk_rows(world: DeskWorld) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    root = get_user_model().objects.create_superuser("root-desk", password="x-Pass-2026")
    client = Client()
    client.force_login(root)
    for path in ("ticket", "dutyshift", "contractcheck"):
        assert client.get(f"/admin/desk/{path}/").status_code == 200, path
    assert client.get(f"/admin/desk/ticket/{world.tickets[0].pk}/change/").status_code == 200
