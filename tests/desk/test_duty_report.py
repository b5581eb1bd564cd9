"""Duty roster (shifts, on duty now, week view, checklist, hand-over) and the SLA report per period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model

from govwatch.core.clock import CHINA_TZ
from govwatch.core.errors import UsageError
from govwatch.services.access import AccessDenied, Actor, actor_of, ensure_user
from govwatch.services.desk import duty, tickets
from govwatch.services.desk.report import parse_period, sla_report
from govwatch.services.desk.sla import watch_clocks
from govwatch.storage.models import Unit

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 10:00 Beijing


def person(username: str, role: str, unit: str = "") -> Actor:
    ensure_user(username, role, unit, password="x-Pass-2026")
    return actor_of(get_user_model().objects.get(username=username))


def test_shifts_on_duty_now_and_the_week() -> None:
    admin, op = person("admin", "admin"), person("op", "operator")
    day = duty.add_shift(admin, date(2026, 11, 24), time(8, 30), time(17, 30), ["op"], "reader")
    night = duty.add_shift(admin, date(2026, 11, 24), time(17, 30), time(8, 30), ["admin", "op"], "lead")
    assert night.ends_at == datetime(2026, 11, 25, 8, 30, tzinfo=CHINA_TZ)
    assert duty.on_duty(op, T0) == [day]  # 10:00 Beijing
    assert duty.on_duty(op, datetime(2026, 11, 25, 3, 0, tzinfo=CHINA_TZ)) == [night]
    assert duty.on_duty(op, datetime(2026, 11, 25, 8, 30, tzinfo=CHINA_TZ)) == []  # end is exclusive
    plan = duty.week_plan(op, date(2026, 11, 26))
    assert [p.day for p in plan][0] == date(2026, 11, 23) and len(plan) == 7
    assert plan[1].shifts == (day, night)
    with pytest.raises(UsageError):
        duty.add_shift(admin, date(2026, 11, 24), time(8), time(9), ["nobody"])
    person("u", "unit", Unit.objects.create(name="甲县人民政府").name)
    with pytest.raises(UsageError):
        duty.add_shift(admin, date(2026, 11, 24), time(8), time(9), ["u"])  # unit users are not on duty
    with pytest.raises(AccessDenied):
        duty.on_duty(actor_of(get_user_model().objects.get(username="u")), T0)


def test_checklist_and_hand_over() -> None:
    op = person("op", "operator")
    shift = duty.add_shift(op, date(2026, 11, 24), time(8, 30), time(17, 30), ["op"])
    items = duty.checklist(op, shift)
    assert [i.label for i in items] == list(duty.CHECKLIST)
    assert len(duty.checklist(op, shift)) == len(duty.CHECKLIST)  # created once
    done = duty.tick(op, items[0].pk, True, "首页正常", now=T0)
    assert done.done_at == T0 and done.done_by_id == op.user_id
    assert duty.tick(op, items[0].pk, False).done_at is None
    note = duty.hand_over(op, shift, "乙县门户首页 09:40 起无法访问，已建工单", now=T0)
    assert duty.recent_handovers(op) == [note]
    with pytest.raises(UsageError):
        duty.hand_over(op, shift, "  ")


def test_periods() -> None:
    assert (parse_period("2026-11").start, parse_period("2026-11").end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert (parse_period("2026-12").end, parse_period("2026-q4").label) == (date(2027, 1, 1), "2026-Q4")
    assert (parse_period("2026-Q1").start, parse_period("2026-Q1").end) == (date(2026, 1, 1), date(2026, 4, 1))
    assert parse_period("2026").end == date(2027, 1, 1)
    for bad in ("2026-13", "11/2026", ""):
        with pytest.raises(UsageError):
            parse_period(bad)


def test_sla_report_counts_clock_outcomes_per_kind_and_scopes_units() -> None:
    a = Unit.objects.create(name="甲县人民政府", level="县")
    b = Unit.objects.create(name="乙县人民政府", level="县")
    op = person("op", "operator")
    on_time = tickets.open_ticket("fault", "按时", "", a, now=T0)
    tickets.add_note(op, on_time, "收到", now=T0 + timedelta(minutes=5))
    tickets.add_note(op, on_time, "修复", "resolved", now=T0 + timedelta(minutes=90))
    tickets.open_ticket("fault", "超时", "", b, now=T0)
    watch_clocks(T0 + timedelta(hours=3))
    tickets.open_ticket("content", "内容", "", a, now=T0)
    tickets.open_ticket("content", "上月", "", a, now=datetime(2026, 10, 31, 15, 59, tzinfo=UTC))  # 10-31 23:59 BJ
    report = sla_report(op, parse_period("2026-11"), now=T0 + timedelta(hours=3))
    assert [r.kind for r in report.rows] == ["fault", "content"]
    fault = report.rows[0]
    assert (fault.raised, fault.resolved, fault.escalated) == (2, 1, 1)
    assert (fault.tallies["respond"].met, fault.tallies["respond"].overdue) == (1, 1)
    assert fault.tallies["resolve"].rate_text == "50.0%"
    assert report.rows[1].tallies["resolve"].running == 1 and report.rows[1].tallies["resolve"].rate is None
    assert report.total.raised == 3
    unit_a = person("ua", "unit", a.name)
    mine = sla_report(unit_a, parse_period("2026-11"), now=T0 + timedelta(hours=3))
    assert mine.total.raised == 2 and mine.total.escalated == 0
    with pytest.raises(AccessDenied):
        sla_report(person("pr", "proofreader"), parse_period("2026-11"))
