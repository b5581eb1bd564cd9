"""SLA clocks: warning before breaking, escalation exactly once, the fault 2-hour clock (the issue's "done
when"), the 24-hour progress rule, a content request over National Day; notifications go to a real local
HTTP endpoint through apprise json:// and services.notify's delivery log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from notifyhook import HookServer

from govwatch.core.clock import CHINA_TZ
from govwatch.services.access import Actor, actor_of, ensure_user
from govwatch.services.desk import clocks, tickets
from govwatch.services.desk.sla import watch_clocks
from govwatch.services.periodic import run_job
from govwatch.storage.desk.models import DutyShift, Ticket, TicketClock, TicketEvent
from govwatch.storage.models import Membership
from govwatch.storage.rectify.models import Notification

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 10:00 Beijing
MIN, HOUR = timedelta(minutes=1), timedelta(hours=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook() -> Iterator[HookServer]:
    with HookServer() as server:
        yield server


def person(username: str, role: str, url: str = "") -> Actor:
    ensure_user(username, role, password="x-Pass-2026")
    Membership.objects.filter(user__username=username).update(notify_url=url)
    return actor_of(get_user_model().objects.get(username=username))


def paths(hook: HookServer) -> list[str]:
    return [path for path, _ in hook.received]


def events(ticket: Ticket, kind: str) -> list[TicketEvent]:
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind))


def test_fault_ticket_breaks_its_two_hour_clock_and_escalates_once(hook: HookServer) -> None:
    person("lead-admin", "admin", hook.url("admin"))
    op = person("op", "operator", hook.url("op"))
    ticket = tickets.open_ticket("fault", "门户首页无法访问", "", now=T0,
                                 assignee=get_user_model().objects.get(username="op"))
    assert watch_clocks(T0 + 5 * MIN).warned == 0
    run = watch_clocks(T0 + 8 * MIN)  # 80 % of the 10-minute response clock
    assert (run.warned, run.escalated, run.delivered) == (1, 0, 1) and paths(hook) == ["/op"]
    tickets.add_note(op, ticket, "已响应，排查中", "in_progress", now=T0 + 9 * MIN)
    assert watch_clocks(T0 + 95 * MIN).warned == 0
    assert watch_clocks(T0 + 96 * MIN).warned == 1  # 80 % of 2 hours: warn the assignee
    assert watch_clocks(T0 + 2 * HOUR - timedelta(seconds=1)).escalated == 0
    run = watch_clocks(T0 + 2 * HOUR)
    assert (run.escalated, run.warned) == (1, 0)
    ticket.refresh_from_db()
    assert ticket.escalated and ticket.escalated_at == T0 + 2 * HOUR and ticket.status == "in_progress"
    resolve = TicketClock.objects.get(ticket=ticket, name="resolve")
    assert resolve.broken_at == T0 + 2 * HOUR and resolve.met_at is None
    assert paths(hook) == ["/op", "/op", "/admin", "/op"]  # escalation: admins and the assignee
    title = hook.received[2][1]["title"]
    assert title.startswith("工单超时升级") and "门户首页无法访问" in title
    assert "2026-11-24 12:00" in hook.received[2][1]["message"]
    [escalation] = events(ticket, "escalate")
    assert "办结时限已超时" in escalation.note
    # exactly once: later runs (or a second machine at the same moment) do nothing more
    for later in (T0 + 2 * HOUR, T0 + 2 * HOUR + MIN, T0 + 5 * HOUR):
        assert watch_clocks(later).escalated == 0
    assert len(hook.received) == 4 and len(events(ticket, "escalate")) == 1
    assert Notification.objects.filter(object_type="desk.ticket", object_id=str(ticket.pk)).count() == 4
    # resolving late: the clock is met late, the ticket keeps its escalation flag
    tickets.add_note(op, ticket, "已修复", "resolved", now=T0 + 3 * HOUR)
    view = clocks.view(TicketClock.objects.get(ticket=ticket, name="resolve"), T0 + 3 * HOUR)
    assert view.state == clocks.MET_LATE


def test_a_clock_first_seen_after_its_deadline_escalates_without_warning(hook: HookServer) -> None:
    person("admin", "admin", hook.url("admin"))
    ticket = tickets.open_ticket("fault", "站点被篡改", "", now=T0)
    run = watch_clocks(T0 + 3 * HOUR)  # respond and resolve both broken, no warning first
    assert (run.warned, run.escalated) == (0, 2)
    assert len(events(ticket, "escalate")) == 2 and events(ticket, "warn") == []
    assert paths(hook) == ["/admin", "/admin"]


def test_the_24_hour_progress_rule(hook: HookServer) -> None:
    person("admin", "admin", hook.url("admin"))
    op = person("op", "operator")
    ticket = tickets.open_ticket("content", "更新机构职能栏目", "", now=T0)
    tickets.add_note(op, ticket, "已受理", now=T0 + 20 * HOUR)
    windows = list(TicketClock.objects.filter(ticket=ticket, name="progress").order_by("seq"))
    assert [w.met_at for w in windows] == [T0 + 20 * HOUR, None]
    assert windows[1].due_at == T0 + 44 * HOUR
    assert watch_clocks(T0 + 44 * HOUR - MIN).escalated == 0
    assert watch_clocks(T0 + 44 * HOUR).escalated == 1
    assert watch_clocks(T0 + 50 * HOUR).escalated == 0  # once per window
    tickets.add_note(op, ticket, "素材已收到，排版中", now=T0 + 50 * HOUR)  # a late note starts a new window
    latest = TicketClock.objects.filter(ticket=ticket, name="progress").order_by("-seq").first()
    assert latest is not None and latest.seq == 2 and latest.due_at == T0 + 74 * HOUR
    assert "进展反馈时限已超时" in events(ticket, "escalate")[0].note
    # the content clock itself (due end of Friday 27th, Beijing) has not broken on Friday 23:59; only the
    # progress window due Friday 12:00 Beijing has
    friday_late = datetime(2026, 11, 27, 23, 59, tzinfo=CHINA_TZ)
    assert watch_clocks(friday_late).escalated == 1
    assert TicketClock.objects.get(ticket=ticket, name="resolve").broken_at is None
    assert [e.note[:6] for e in events(ticket, "escalate")] == ["进展反馈时限"] * 2
    tickets.add_note(op, ticket, "已完成", "closed", now=friday_late + timedelta(seconds=30))
    assert TicketClock.objects.get(ticket=ticket, name="resolve").met_at == friday_late + timedelta(seconds=30)
    assert not TicketClock.objects.filter(ticket=ticket, met_at=None).exists()
    assert watch_clocks(T0 + 30 * 24 * HOUR) == watch_clocks(T0 + 31 * 24 * HOUR)


def test_every_kind_gets_a_progress_clock() -> None:
    for kind in ("fault", "content", "security", "consult"):
        ticket = tickets.open_ticket(kind, "x", "", now=T0)
        clock = TicketClock.objects.get(ticket=ticket, name="progress")
        assert clock.due_at == T0 + 24 * HOUR and clock.rule.startswith("每 24 小时")


def test_content_request_over_national_day(hook: HookServer) -> None:
    person("admin", "admin", hook.url("admin"))
    raised = datetime(2026, 9, 30, 10, 0, tzinfo=CHINA_TZ)
    ticket = tickets.open_ticket("content", "国庆假期值班信息发布", "", now=raised)
    resolve = TicketClock.objects.get(ticket=ticket, name="resolve")
    assert resolve.due_at == datetime(2026, 10, 11, 0, 0, tzinfo=CHINA_TZ)  # end of make-up Saturday 10-10
    TicketClock.objects.filter(ticket=ticket, name="progress").update(met_at=raised)  # look at one clock only
    assert watch_clocks(datetime(2026, 10, 7, 12, tzinfo=CHINA_TZ)).escalated == 0
    assert watch_clocks(datetime(2026, 10, 10, 23, 59, tzinfo=CHINA_TZ)).escalated == 0
    assert watch_clocks(datetime(2026, 10, 11, 0, 0, tzinfo=CHINA_TZ)).escalated == 1


def test_warning_goes_to_the_people_on_duty_when_nobody_is_assigned(hook: HookServer) -> None:
    person("admin", "admin", hook.url("admin"))
    person("op-a", "operator", hook.url("op-a"))
    person("op-b", "operator", hook.url("op-b"))
    shift = DutyShift.objects.create(day=T0.date(), starts_at=T0 - HOUR, ends_at=T0 + 8 * HOUR, role="reader")
    shift.people.add(get_user_model().objects.get(username="op-b"))
    tickets.open_ticket("security", "发现疑似暗链", "", now=T0)
    run = watch_clocks(T0 + 24 * MIN)  # 80 % of the provisional 30-minute security response clock
    assert run.warned == 1 and paths(hook) == ["/op-b"]


def test_a_failing_endpoint_is_logged_and_the_escalation_still_counts(hook: HookServer) -> None:
    person("admin", "admin", hook.url("fail"))
    ticket = tickets.open_ticket("fault", "首页无法访问", "", now=T0)
    run = watch_clocks(T0 + 11 * MIN)
    assert (run.escalated, run.delivered) == (1, 0)
    assert Notification.objects.get(object_id=str(ticket.pk)).status == "failed"
    assert watch_clocks(T0 + 12 * MIN).escalated == 0


def test_the_periodic_job_runs_the_watch(hook: HookServer) -> None:
    person("admin", "admin", hook.url("admin"))
    tickets.open_ticket("fault", "首页无法访问", "", now=T0)
    line = run_job("desk.sla", T0 + 11 * MIN)
    assert "超时升级 1 个" in line
    assert run_job("desk.sla", T0 + 12 * MIN) == ""
