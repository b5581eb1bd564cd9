"""Every API endpoint × every persona (issue #4 §2/§6): status codes, the rows each may see, and no other
unit's data anywhere in the JSON."""

from __future__ import annotations

import json

import pytest
from apipersonas import ENDPOINTS, PERSONAS, ApiWorld, client_for, fast_passwords, make_api_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]  # the fixture, imported to be used here

OTHER_UNIT_WORD = {"unit_a": "乙县", "unit_b": "甲县"}


def _unit_ids(row: dict) -> set[int]:  # type: ignore[type-arg]
    """Every unit id a row names (its own id for units, else its ``unit``)."""
    return {row["unit"]["id"]} if "unit" in row else {row["id"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_endpoint_for_each_persona(persona: str) -> None:
    world = make_api_world()
    for endpoint in ENDPOINTS:
        check_list(world, persona, endpoint)
        check_details(world, persona, endpoint)


def test_api_root_lists_the_endpoints_for_api_roles_only() -> None:
    world = make_api_world()
    for persona, status in (("admin", 200), ("unit_b", 200), ("proofreader", 403), ("outsider", 403),
                            ("anonymous", 401)):
        response = client_for(world, persona).get("/api/v1/")
        assert response.status_code == status, persona
        if status == 200:
            assert set(response.json()) == set(ENDPOINTS)


def check_list(world: ApiWorld, persona: str, endpoint: str) -> None:
    """The list: status, the units its rows belong to, and no other unit's name in the body."""
    unit_a, unit_b = (u.pk for u in world.personas.units)
    response = client_for(world, persona).get(f"/api/v1/{endpoint}/")
    body = response.content.decode()
    if persona == "anonymous":
        assert response.status_code == 401 and "Token" in response.headers["WWW-Authenticate"], endpoint
        assert "未登录" in response.json()["detail"]
        return
    if persona in ("proofreader", "outsider"):
        assert response.status_code == 403, (endpoint, body)
        assert "无权" in response.json()["detail"] and "甲县" not in body and "乙县" not in body
        return
    assert response.status_code == 200, (endpoint, body)
    data = response.json()
    rows = data["results"]
    seen = set().union(*(_unit_ids(r) for r in rows)) if rows else set()
    if persona in ("admin", "operator"):
        assert data["count"] == 2 and seen == {unit_a, unit_b}, endpoint
    else:
        own = unit_a if persona == "unit_a" else unit_b
        assert data["count"] == 1 and seen == {own}, endpoint
        assert OTHER_UNIT_WORD[persona] not in body, endpoint


def check_details(world: ApiWorld, persona: str, endpoint: str) -> None:
    """The detail of unit A's and unit B's row: 200 where visible, 404 for another unit's, 401/403."""
    client = client_for(world, persona)
    for index, row_id in enumerate(world.ids[endpoint]):
        response = client.get(f"/api/v1/{endpoint}/{row_id}/")
        if persona == "anonymous":
            expected = 401
        elif persona in ("proofreader", "outsider"):
            expected = 403
        elif persona in ("admin", "operator") or (persona, index) in (("unit_a", 0), ("unit_b", 1)):
            expected = 200
        else:
            expected = 404  # another unit's row does not exist for this user
        assert response.status_code == expected, (endpoint, index, response.content.decode())
        detail = response.json()
        if expected == 200 and persona in OTHER_UNIT_WORD:
            assert OTHER_UNIT_WORD[persona] not in json.dumps(detail, ensure_ascii=False)
        if expected != 200:
            assert set(detail) == {"detail"} and detail["detail"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_is_read_only_for_everyone(persona: str) -> None:
    world = make_api_world()
    client = client_for(world, persona)
    site_a = world.ids["sites"][0]
    for method, path in (("post", "/api/v1/sites/"), ("put", f"/api/v1/sites/{site_a}/"),
                         ("patch", f"/api/v1/findings/{world.ids['findings'][0]}/"),
                         ("delete", f"/api/v1/sites/{site_a}/")):
        response = getattr(client, method)(path, {"name": "改名"}, format="json")
        expected = {"anonymous": 401, "proofreader": 403, "outsider": 403}.get(persona, 405)
        assert response.status_code == expected, (method, path, response.content.decode())
        assert response.json()["detail"]
    from govwatch.storage.models import Site

    assert Site.objects.filter(pk=site_a).exclude(name="改名").exists()


def test_rectification_detail_has_items_and_responses_but_no_recipients() -> None:
    world = make_api_world()
    response = client_for(world, "unit_a").get(f"/api/v1/rectifications/{world.ids['rectifications'][0]}/")
    data = response.json()
    assert data["number"] == "整改〔2026〕第1号" and data["item_count"] == 1
    assert data["items"][0]["finding"]["id"] == world.personas.findings[0].pk
    assert data["items"][0]["finding"]["site"]["name"] == "甲县人民政府门户网站"
    assert data["responses"][0]["text"] == "甲县人民政府已整改"
    assert "secret@" not in response.content.decode() and "recipients" not in data


def test_unit_filter_cannot_widen_a_unit_users_scope() -> None:
    world = make_api_world()
    unit_b = world.personas.units[1].pk
    for endpoint in ("sites", "findings", "scores", "accounts", "account-findings", "rectifications"):
        response = client_for(world, "unit_a").get(f"/api/v1/{endpoint}/", {"unit": unit_b})
        assert response.status_code == 200 and response.json()["count"] == 0, endpoint
