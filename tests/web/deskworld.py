"""Desk kit for web tests: the six personas of ``personakit`` plus, per unit (0 = A, 1 = B), one open
content ticket; a duty shift around now with the operator; a contract check result for unit A's account.
Import ``make_desk_world`` in a ``django_db`` test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from personakit import Personas, make_personas

from govwatch.core.clock import utcnow
from govwatch.storage.desk.models import ContractCheck, DutyShift, Ticket

DESK_PERSONAS = ("admin", "operator", "unit_a", "unit_b", "proofreader", "outsider", "anonymous")


@dataclass(frozen=True)
class DeskWorld:
    """Personas, one ticket per unit, one shift, one contract check."""

    p: Personas
    tickets: tuple[Ticket, Ticket]
    shift: DutyShift
    check: ContractCheck


def make_desk_world() -> DeskWorld:
    """Create the world (tickets opened through the service so their clocks exist)."""
    from govwatch.services.desk.tickets import open_ticket

    p = make_personas()
    now = utcnow()
    made = tuple(open_ticket("content", f"{u.name}：请更新领导信息栏目", f"{u.name}的内容需求", u, now=now)
                 for u in p.units)
    shift = DutyShift.objects.create(day=now.date(), starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=7),
                                     role="reader")
    shift.people.add(get_user_model().objects.get(username=p.operator))
    check = ContractCheck.objects.create(account=p.accounts[0], period="2026-Q3", points_lost=20,
                                         source="省政务新媒体季度检查")
    return DeskWorld(p, (made[0], made[1]), shift, check)


def desk_client(p: Personas, persona: str) -> Client:
    """A client logged in as ``persona`` ('anonymous' stays logged out)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(get_user_model().objects.get(username=getattr(p, persona)))
    return client
