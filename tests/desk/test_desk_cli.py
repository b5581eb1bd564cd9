"""``govwatch desk …`` through the real CLI entry point and database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from govwatch.cli.main import main
from govwatch.services.access import ensure_user
from govwatch.storage.desk.models import ContractCheck, DutyShift, Ticket, TicketEvent
from govwatch.storage.models import Account, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_list_tick_and_report(capsys: pytest.CaptureFixture[str]) -> None:
    Unit.objects.create(name="甲县人民政府", level="县")
    assert main(["desk", "open", "--kind", "fault", "--title", "首页无法访问", "--unit", "甲县人民政府"]) == 0
    out = capsys.readouterr().out
    ticket = Ticket.objects.get()
    assert f"已提交工单 #{ticket.pk}" in out and "故障 2 小时内修复" in out and ticket.unit is not None
    assert main(["desk", "open", "--kind", "fault", "--title", "x", "--unit", "不存在的单位"]) == 2
    assert main(["desk", "list"]) == 0
    assert "首页无法访问" in capsys.readouterr().out
    later = (ticket.raised_at + timedelta(hours=3)).isoformat()
    assert main(["desk", "tick", "--now", later]) == 0
    assert "超时升级 2 个" in capsys.readouterr().out  # respond and resolve; the 24-h progress window runs on
    assert TicketEvent.objects.filter(kind="escalate").count() == 2
    assert main(["desk", "tick", "--now", later]) == 0
    assert "无需处理" in capsys.readouterr().out
    assert main(["desk", "sla", "--period", "2099-13"]) == 2
    assert main(["desk", "sla"]) == 0
    assert "工单时限报表" in capsys.readouterr().out


def test_duty_and_contract(capsys: pytest.CaptureFixture[str]) -> None:
    ensure_user("op", "operator", password="x-Pass-2026")
    assert main(["desk", "duty", "add", "--day", "2026-12-01", "--start", "17:30", "--end", "08:30", "--people", "op",
                 "--role", "lead"]) == 0
    assert DutyShift.objects.get().role == "lead"
    assert main(["desk", "duty", "add", "--day", "2026-12-01", "--start", "8:30x", "--end", "9:00", "--people", "op"]) == 2
    assert main(["desk", "duty", "now"]) == 0
    unit = Unit.objects.create(name="市人民政府办公室", level="市")
    account = Account.objects.create(platform="wechat", name="市政府发布", platform_id="gh", unit=unit, level="市")
    assert main(["desk", "check", str(account.pk), "2026-Q3", "20", "--source", "省检查"]) == 0
    assert main(["desk", "check", str(account.pk), "2026-Q3", "abc"]) == 2
    assert ContractCheck.objects.count() == 1
    capsys.readouterr()
    assert main(["desk", "contract"]) == 0
    out = capsys.readouterr().out
    assert "市政府发布" in out and "市级账号扣款 2000 元" in out
