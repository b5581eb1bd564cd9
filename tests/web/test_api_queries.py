"""API behaviour beyond the personas (issue #4 §6): filters, pagination, Chinese JSON errors, session
auth, the OpenAPI schema and the docs page served with local assets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from apipersonas import client_for, fast_passwords, make_api_world
from django.contrib.auth import get_user_model
from django.test import Client
from personakit import NOW
from rest_framework.test import APIClient

from govwatch.storage.models import Finding, Score

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content.decode()
    return [row["id"] for row in response.json()["results"]]


def test_finding_filters() -> None:
    world = make_api_world()
    fa, fb = world.personas.findings
    site_a = world.personas.sites[0]
    extra = Finding.objects.create(site=site_a, fingerprint="fp-x", code="links.dead", url="http://x/",
                                   message="死链", status="resolved", first_seen=NOW + timedelta(days=5),
                                   last_seen=NOW + timedelta(days=5))
    api = client_for(world, "operator")
    assert sorted(_ids(api.get("/api/v1/findings/", {"code": "column.stale"}))) == sorted([fa.pk, fb.pk])
    assert _ids(api.get("/api/v1/findings/", {"code": "links"})) == [extra.pk]  # a dotted prefix
    assert _ids(api.get("/api/v1/findings/", {"code": "link"})) == []  # not a substring match
    assert _ids(api.get("/api/v1/findings/", {"status": "resolved"})) == [extra.pk]
    assert sorted(_ids(api.get("/api/v1/findings/", {"site": site_a.pk}))) == sorted([fa.pk, extra.pk])
    assert _ids(api.get("/api/v1/findings/", {"unit": world.personas.units[1].pk})) == [fb.pk]
    assert _ids(api.get("/api/v1/findings/", {"since": "2026-11-24"})) == [extra.pk]
    assert _ids(api.get("/api/v1/findings/", {"since": "2026-11-25T10:00+08:00"})) == [extra.pk]
    assert len(_ids(api.get("/api/v1/findings/", {"since": "2026-11-20"}))) == 3
    both = api.get("/api/v1/findings/", {"status": "open", "unit": world.personas.units[0].pk})
    assert _ids(both) == [fa.pk]


def test_scores_accounts_and_rectification_filters() -> None:
    world = make_api_world()
    Score.objects.create(site=world.personas.sites[0], period="2026Q3", rulebook_id="r", rulebook_version="1",
                         verdict="不合格")
    api = client_for(world, "admin")
    assert len(_ids(api.get("/api/v1/scores/", {"period": "2026q4"}))) == 2  # normalised
    q3 = api.get("/api/v1/scores/", {"period": "2026Q3"}).json()["results"]
    assert [(r["period"], r["verdict"], r["site"]["id"]) for r in q3] == [("2026Q3", "不合格", world.personas.sites[0].pk)]
    assert len(_ids(api.get("/api/v1/scores/", {"site": world.personas.sites[0].pk}))) == 2
    assert len(_ids(api.get("/api/v1/accounts/", {"platform": "wechat"}))) == 2
    assert _ids(api.get("/api/v1/accounts/", {"platform": "weibo"})) == []
    assert len(_ids(api.get("/api/v1/account-findings/", {"code": "account"}))) == 2
    assert _ids(api.get("/api/v1/account-findings/", {"account": world.ids["accounts"][1]})) == [
        world.ids["account-findings"][1]]
    assert len(_ids(api.get("/api/v1/rectifications/", {"status": "open"}))) == 2
    assert _ids(api.get("/api/v1/rectifications/", {"status": "closed"})) == []
    assert _ids(api.get("/api/v1/sites/", {"unit": world.personas.units[0].pk})) == [world.ids["sites"][0]]


@pytest.mark.parametrize(("path", "query", "word"), [
    ("/api/v1/findings/", {"status": "fixed"}, "status"),
    ("/api/v1/findings/", {"site": "abc"}, "site"),
    ("/api/v1/findings/", {"unit": "0"}, "unit"),
    ("/api/v1/findings/", {"since": "yesterday"}, "since"),
    ("/api/v1/scores/", {"period": "2026Q5"}, "周期格式"),
    ("/api/v1/accounts/", {"platform": "tiktok"}, "platform"),
    ("/api/v1/rectifications/", {"status": "done"}, "status"),
])
def test_bad_query_values_are_400_with_a_chinese_detail(path: str, query: dict[str, str], word: str) -> None:
    world = make_api_world()
    response = client_for(world, "operator").get(path, query)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail"} and word in body["detail"] and re.search(r"[\u4e00-\u9fff]", body["detail"])


def test_pagination() -> None:
    world = make_api_world()
    site = world.personas.sites[0]
    Finding.objects.bulk_create([Finding(site=site, fingerprint=f"bulk-{i}", code="links.dead", message="死链",
                                         first_seen=NOW, last_seen=NOW) for i in range(60)])
    api = client_for(world, "operator")
    first = api.get("/api/v1/findings/").json()
    assert first["count"] == 62 and len(first["results"]) == 50 and first["previous"] is None
    assert "page=2" in first["next"]
    second = api.get("/api/v1/findings/", {"page": 2}).json()
    assert len(second["results"]) == 12 and second["next"] is None
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert len(api.get("/api/v1/findings/", {"page_size": 500}).json()["results"]) == 62  # capped at 200
    assert len(api.get("/api/v1/findings/", {"page_size": 7}).json()["results"]) == 7
    missing = api.get("/api/v1/findings/", {"page": 9})
    assert missing.status_code == 404 and "页码无效" in missing.json()["detail"]


def test_errors_are_json_in_chinese_even_for_english_clients() -> None:
    world = make_api_world()
    bad_token = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    bad_token.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = bad_token.get("/api/v1/sites/")
    assert response.status_code == 401 and re.search(r"[\u4e00-\u9fff]", response.json()["detail"])
    unknown = client_for(world, "admin").get("/api/v1/nothing-here/")
    assert unknown.status_code == 404 and "接口不存在" in unknown.json()["detail"]
    gone = client_for(world, "admin").get("/api/v1/sites/999999/")
    assert gone.status_code == 404 and "记录不存在" in gone.json()["detail"]
    denied = client_for(world, "proofreader").get("/api/v1/sites/", HTTP_ACCEPT_LANGUAGE="en")
    assert "校对员" in denied.json()["detail"]


def test_session_auth_for_the_browser() -> None:
    world = make_api_world()
    client = Client()
    client.force_login(get_user_model().objects.get(username=world.personas.unit_b))
    response = client.get("/api/v1/sites/")
    assert response.status_code == 200 and _ids(response) == [world.ids["sites"][1]]
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(get_user_model().objects.get(username=world.personas.admin))
    assert refused.post("/api/v1/sites/", {}).status_code == 403  # session writes need CSRF (and are 405 anyway)


def test_schema_documents_every_endpoint_in_chinese() -> None:
    world = make_api_world()
    assert Client().get("/api/schema/").status_code in (401, 403)  # not public
    response = client_for(world, "unit_a").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and "监管平台" in schema["info"]["title"]
    paths = schema["paths"]
    for endpoint in ("units", "sites", "findings", "scores", "accounts", "account-findings", "rectifications"):
        for path in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{{id}}/"):
            operation = paths[path]["get"]
            assert re.search(r"[\u4e00-\u9fff]", operation["summary"] + operation["description"]), path
            assert set(paths[path]) <= {"get", "parameters"}, path  # read-only
    findings_params = {p["name"]: p for p in paths["/api/v1/findings/"]["get"]["parameters"]}
    assert {"code", "status", "site", "unit", "since", "page", "page_size"} <= set(findings_params)
    assert all(re.search(r"[\u4e00-\u9fff]", p["description"]) for p in findings_params.values())
    assert "period" in {p["name"] for p in paths["/api/v1/scores/"]["get"]["parameters"]}
    assert "令牌" in schema["components"]["securitySchemes"]["tokenAuth"]["description"]
    for name, component in schema["components"]["schemas"].items():
        assert re.search(r"[\u4e00-\u9fff]", component["description"]), name
        for field, prop in component.get("properties", {}).items():
            assert re.search(r"[\u4e00-\u9fff]", prop["description"]), (name, field)


def test_docs_pages_use_local_assets_only() -> None:
    world = make_api_world()
    client = Client()
    client.force_login(get_user_model().objects.get(username=world.personas.operator))
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200 and "cdn" not in html.lower() and "http://" not in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert re.findall(r"https://", html) == [], html
    assert re.search(r'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle\.js"', html)
