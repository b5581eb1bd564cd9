"""Persona tests of the desk area (/desk/): every view answers each persona with the right status, unit
users see and raise only their own unit's tickets, and never see the other unit's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from deskworld import DESK_PERSONAS, DeskWorld, desk_client, make_desk_world

from govwatch.storage.desk.models import ContractCheck, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

OK, DENIED, MISSING, LOGIN = 200, 403, 404, 302
STAFF = ("admin", "operator")
UNITS = ("unit_a", "unit_b")

Route = Callable[[DeskWorld], str]
TICKET_ROUTES: dict[str, Route] = {
    "list": lambda w: "/desk/",
    "list_all": lambda w: "/desk/?status=all&kind=content",
    "new": lambda w: "/desk/tickets/new/",
    "sla": lambda w: "/desk/sla/",
    "sla_quarter": lambda w: "/desk/sla/?period=2026-Q4",
}
STAFF_ROUTES: dict[str, Route] = {
    "duty": lambda w: "/desk/duty/",
    "duty_week": lambda w: "/desk/duty/?day=2026-10-01",
    "shift": lambda w: f"/desk/duty/{w.shift.pk}/",
    "contract": lambda w: "/desk/contract/",
    "contract_period": lambda w: "/desk/contract/?period=2026-Q3",
}


@pytest.fixture
def world() -> DeskWorld:
    return make_desk_world()


def expected(persona: str, staff_only: bool) -> int:
    if persona == "anonymous":
        return LOGIN
    if persona in ("proofreader", "outsider") or (staff_only and persona in UNITS):
        return DENIED
    return OK


@pytest.mark.parametrize("persona", DESK_PERSONAS)
def test_every_view_answers_each_persona(world: DeskWorld, persona: str) -> None:
    client = desk_client(world.p, persona)
    routes = [(r, False) for r in TICKET_ROUTES.values()] + [(r, True) for r in STAFF_ROUTES.values()]
    for route, staff_only in routes:
        url = route(world)
        response = client.get(url)
        assert response.status_code == expected(persona, staff_only), (persona, url)
        if response.status_code == LOGIN:
            assert "/login" in response["Location"]


@pytest.mark.parametrize("persona", DESK_PERSONAS)
def test_ticket_pages_are_scoped_to_the_unit(world: DeskWorld, persona: str) -> None:
    client = desk_client(world.p, persona)
    for i, ticket in enumerate(world.tickets):
        response = client.get(f"/desk/tickets/{ticket.pk}/")
        want = expected(persona, False)
        if persona in UNITS and UNITS.index(persona) != i:
            want = MISSING
        assert response.status_code == want, (persona, i)


@pytest.mark.parametrize("persona", UNITS)
def test_a_unit_user_never_sees_the_other_units_tickets(world: DeskWorld, persona: str) -> None:
    mine = UNITS.index(persona)
    other = 1 - mine
    client = desk_client(world.p, persona)
    for url in ("/desk/", "/desk/?status=all", "/desk/sla/"):
        body = client.get(url).content.decode()
        assert world.p.units[other].name not in body, url
        assert f"/desk/tickets/{world.tickets[other].pk}/" not in body
    listing = client.get("/desk/").content.decode()
    assert f"/desk/tickets/{world.tickets[mine].pk}/" in listing


def test_staff_see_every_ticket(world: DeskWorld) -> None:
    for persona in STAFF:
        body = desk_client(world.p, persona).get("/desk/").content.decode()
        assert all(f"/desk/tickets/{t.pk}/" in body for t in world.tickets)


def test_a_unit_user_raises_for_its_own_unit_only(world: DeskWorld) -> None:
    client = desk_client(world.p, "unit_a")
    response = client.post("/desk/tickets/new/", {"kind": "content", "title": "新增政策解读", "detail": "见附件"})
    assert response.status_code == 302
    ticket = Ticket.objects.get(title="新增政策解读")
    assert ticket.unit_id == world.p.units[0].pk and ticket.raised_by is not None
    forged = client.post("/desk/tickets/new/", {"kind": "content", "title": "替乙县提交", "unit": world.p.units[1].pk})
    assert forged.status_code == DENIED and not Ticket.objects.filter(title="替乙县提交").exists()
    for persona in ("proofreader", "outsider"):
        assert desk_client(world.p, persona).post("/desk/tickets/new/", {"kind": "consult", "title": "x"}).status_code == DENIED
    staff = desk_client(world.p, "operator").post("/desk/tickets/new/",
                                                  {"kind": "fault", "title": "乙县首页打不开", "unit": world.p.units[1].pk})
    assert staff.status_code == 302 and Ticket.objects.get(title="乙县首页打不开").unit_id == world.p.units[1].pk


def test_notes_on_another_units_ticket_are_404(world: DeskWorld) -> None:
    url = f"/desk/tickets/{world.tickets[1].pk}/"
    assert desk_client(world.p, "unit_a").post(url, {"action": "note", "text": "越权"}).status_code == MISSING
    assert desk_client(world.p, "proofreader").post(url, {"action": "note", "text": "越权"}).status_code == DENIED
    assert not TicketEvent.objects.filter(note="越权").exists()


def test_only_staff_assign_and_only_admins_record_contract_checks(world: DeskWorld) -> None:
    ticket = world.tickets[0]
    unit_try = desk_client(world.p, "unit_a").post(f"/desk/tickets/{ticket.pk}/", {"action": "assign", "assignee": ""})
    assert unit_try.status_code == DENIED
    form = {"account": world.p.accounts[1].pk, "period": "2026-Q3", "points": "2"}
    for persona in ("operator", "unit_a", "proofreader", "outsider"):
        assert desk_client(world.p, persona).post("/desk/contract/", form).status_code == DENIED, persona
    assert ContractCheck.objects.count() == 1
    response = desk_client(world.p, "admin").post("/desk/contract/", form)
    assert response.status_code == 302 and ContractCheck.objects.count() == 2


def test_only_staff_touch_the_roster(world: DeskWorld) -> None:
    form = {"day": "2026-12-01", "start": "08:30", "end": "17:30", "people": ["p-operator"], "role": "reader"}
    for persona in ("unit_a", "proofreader", "outsider"):
        client = desk_client(world.p, persona)
        assert client.post("/desk/duty/", form).status_code == DENIED
        assert client.post(f"/desk/duty/{world.shift.pk}/", {"action": "handover", "text": "x"}).status_code == DENIED
    assert desk_client(world.p, "operator").post("/desk/duty/", form).status_code == 302


def test_unit_users_find_the_desk_in_the_main_navigation(world: DeskWorld) -> None:
    for persona in ("unit_a", "operator"):
        assert 'href="/desk/"' in desk_client(world.p, persona).get("/desk/").content.decode(), persona
