"""API personas kit: the six personas of ``personakit`` plus, per unit, a score, a new-media finding and a
rectification with one item and one response, and a client per persona (token auth, or none for the
anonymous caller). Import ``make_api_world`` in a ``django_db`` test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from personakit import NOW, Personas, make_personas
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from govwatch.storage.models import AccountFinding, Score
from govwatch.storage.rectify.models import Rectification, RectificationItem, Response

PERSONAS = ("admin", "operator", "unit_a", "unit_b", "proofreader", "outsider", "anonymous")
ENDPOINTS = ("units", "sites", "findings", "scores", "accounts", "account-findings", "rectifications")


@dataclass(frozen=True)
class ApiWorld:
    """The personas and, per endpoint, the ids of unit A's and unit B's row."""

    personas: Personas
    ids: dict[str, tuple[int, int]]


def _unit_rows(p: Personas, i: int, tag: str) -> dict[str, int]:
    unit, site, account, finding = p.units[i], p.sites[i], p.accounts[i], p.findings[i]
    score = Score.objects.create(site=site, period="2026Q4", rulebook_id="gov-site-2019", rulebook_version="1",
                                 verdict="合格", total=95.0, rank=i + 1)
    af = AccountFinding.objects.create(account=account, fingerprint=f"af-{tag}", code="account.stale",
                                       message=f"{unit.name}发布：超过2周未更新", first_seen=NOW, last_seen=NOW)
    rect = Rectification.objects.create(year=2026, seq=i + 1, number=f"整改〔2026〕第{i + 1}号", unit=unit,
                                        created_at=NOW, working_days=5, deadline=date(2026, 11, 27),
                                        note=f"请{unit.name}限期整改", recipients=["mailto://secret@example.gov.cn"])
    RectificationItem.objects.create(rectification=rect, finding=finding)
    Response.objects.create(rectification=rect, text=f"{unit.name}已整改", by_name=f"p-unit-{tag}", at=NOW)
    return {"units": unit.pk, "sites": site.pk, "findings": finding.pk, "scores": score.pk,
            "accounts": account.pk, "account-findings": af.pk, "rectifications": rect.pk}


def make_api_world() -> ApiWorld:
    """Personas plus one row per endpoint for each unit."""
    p = make_personas()
    a, b = _unit_rows(p, 0, "a"), _unit_rows(p, 1, "b")
    return ApiWorld(p, {name: (a[name], b[name]) for name in ENDPOINTS})


def username_of(world: ApiWorld, persona: str) -> str:
    """The username of a persona key of PERSONAS ('' for anonymous)."""
    return "" if persona == "anonymous" else str(getattr(world.personas, persona))


def client_for(world: ApiWorld, persona: str) -> APIClient:
    """An APIClient authenticated with the persona's token (none for 'anonymous')."""
    client = APIClient()
    username = username_of(world, persona)
    if username:
        user = get_user_model().objects.get(username=username)
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def fast_passwords(settings: Any) -> None:
    """MD5 password hashing for the test (PBKDF2 costs ~0.3 s per user created or signed in); import it
    into a test module to use it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
