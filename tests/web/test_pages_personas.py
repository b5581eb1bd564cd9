"""Persona tests of the pages area (issue #4 §2): every view and download answers each persona with the
right status, and unit A never sees unit B's names, hosts or object ids (and the reverse)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pagekit import PERSONAS, PageWorld, client_for, make_page_world, markers_of

from govwatch.storage.models import AuditEvent

pytestmark = pytest.mark.django_db

OK, DENIED, MISSING, LOGIN = 200, 403, 404, 302

# Each route: a name and how to build its URL from the world and a unit index (0 = A, 1 = B).
Route = Callable[[PageWorld, int], str]
SHARED: dict[str, Route] = {
    "overview": lambda w, i: "/",
    "ranking": lambda w, i: "/ranking/",
    "site_list": lambda w, i: "/sites/",
    "findings": lambda w, i: "/findings/",
    "findings_filtered": lambda w, i: "/findings/?status=open&level=县",
    "findings_xlsx": lambda w, i: "/findings/export.xlsx",
    "findings_csv": lambda w, i: "/findings/export.csv?status=open",
    "unit_list": lambda w, i: "/units/",
    "account_list": lambda w, i: "/accounts/",
    "account_list_wechat": lambda w, i: "/accounts/?platform=wechat",
}
OWNED: dict[str, Route] = {
    "site_detail": lambda w, i: f"/sites/{w.p.sites[i].id}/",
    "site_detail_30": lambda w, i: f"/sites/{w.p.sites[i].id}/?days=30",
    "unit_detail": lambda w, i: f"/units/{w.p.units[i].id}/",
    "account_detail": lambda w, i: f"/accounts/{w.p.accounts[i].id}/",
    "report_file": lambda w, i: f"/runs/{w.runs[i].id}/files/report.html",
}


def expected(persona: str, owner: int | None) -> int:
    """Status for ``persona`` on a route of unit ``owner`` (None: a fleet-wide list)."""
    if persona == "anonymous":
        return LOGIN
    if persona in ("proofreader", "outsider"):
        return DENIED
    if persona in ("unit_a", "unit_b") and owner is not None and owner != ("unit_a", "unit_b").index(persona):
        return MISSING
    return OK


@pytest.fixture
def world(tmp_path: Path) -> PageWorld:
    return make_page_world(tmp_path / "reports")


def _body(response) -> str:  # type: ignore[no-untyped-def]
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_view_and_download_answers_each_persona(world: PageWorld, persona: str) -> None:
    client = client_for(world.p, persona)
    for name, route in SHARED.items():
        response = client.get(route(world, 0))
        assert response.status_code == expected(persona, None), (persona, name)
    for name, route in OWNED.items():
        for owner in (0, 1):
            response = client.get(route(world, owner))
            assert response.status_code == expected(persona, owner), (persona, name, owner)
            if response.status_code == LOGIN:
                assert response["Location"].startswith("/login/?next=")
            if response.status_code == DENIED:
                assert "无权" in response.content.decode()


@pytest.mark.parametrize(("persona", "own", "other"), [("unit_a", 0, 1), ("unit_b", 1, 0)])
def test_a_unit_never_sees_the_other_units_rows(world: PageWorld, persona: str, own: int, other: int) -> None:
    client = client_for(world.p, persona)
    urls = [route(world, 0) for route in SHARED.values()] + [route(world, own) for route in OWNED.values()]
    urls += ["/findings/?status=resolved", f"/findings/?unit={world.p.units[other].id}",
             f"/findings/?site={world.p.sites[other].id}"]
    foreign = markers_of(world, other)
    mine = world.p.sites[own].name
    seen_mine = 0
    for url in urls:
        response = client.get(url, HTTP_HX_REQUEST="true") if "findings/?" in url else client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        leaked = [m for m in foreign if m in body]
        assert not leaked, (url, leaked)
        seen_mine += mine in body
    assert seen_mine >= 8


def test_staff_see_both_units(world: PageWorld) -> None:
    for persona in ("admin", "operator"):
        client = client_for(world.p, persona)
        for url in ("/", "/sites/", "/findings/", "/units/", "/accounts/"):
            body = client.get(url).content.decode()
            assert world.p.sites[0].name in body or world.p.units[0].name in body, (persona, url)
            assert world.p.sites[1].name in body or world.p.units[1].name in body, (persona, url)


def test_downloads_are_audited_with_the_actor(world: PageWorld) -> None:
    client = client_for(world.p, "unit_a")
    assert client.get("/findings/export.csv").status_code == 200
    assert client.get(f"/runs/{world.runs[0].id}/files/report.html").status_code == 200
    assert client.get(f"/runs/{world.runs[1].id}/files/report.html").status_code == 404
    events = list(AuditEvent.objects.filter(action__in=("export", "download")).order_by("id")
                  .values_list("username", "action", "summary"))
    assert [(u, a) for u, a, _ in events] == [("p-unit-a", "export"), ("p-unit-a", "download")]
    assert "csv" in events[0][2] and "report.html" in events[1][2]


def test_report_file_name_must_be_a_listed_file(world: PageWorld) -> None:
    client = client_for(world.p, "admin")
    run = world.runs[0].id
    for name in ("..%2F..%2Fetc%2Fpasswd", "missing.html", "report.exe"):
        assert client.get(f"/runs/{run}/files/{name}").status_code == 404
    response = client.get(f"/runs/{run}/files/report.html")
    assert "监测报告" in _body(response)
