"""CSRF on every form (issue #4 §7): walk every URL pattern of the project as a signed-in bureau admin
(also a Django superuser, so the admin site is walked too), and for each page that renders a
``<form method="post">`` assert the form carries the csrfmiddlewaretoken and that posting to its action
without the token is refused with 403. No view but DRF's (token/session-checked) is csrf_exempt."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from apipersonas import fast_passwords, make_api_world
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
METHOD_POST = re.compile(r"""method\s*=\s*["']?post""", re.I)
ACTION = re.compile(r"""action\s*=\s*["']([^"']*)["']""", re.I)
ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
GROUP = re.compile(r"\(\?P<(\w+)>([^()]*)\)")


def _route(text: str) -> str | None:
    """A RoutePattern's text with every parameter filled (ids → 1); None for one we cannot fill."""
    def fill(m: re.Match[str]) -> str:
        return "1" if (m[1] or "str") in ("int", "path", "str") else "@"
    out = ROUTE_PARAM.sub(fill, text)
    return None if "@" in out else out


def _regex(text: str) -> str | None:
    """A simple RegexPattern's text filled (a group's first alternative, or 1); None when not simple."""
    body = text.lstrip("^").rstrip("$").replace("\\Z", "")
    if body in (".*", "(.*)"):
        return None  # a catch-all

    def fill(m: re.Match[str]) -> str:
        first = m[2].split("|")[0]
        return first if re.fullmatch(r"[\w\-./]+", first) else "1"
    out = GROUP.sub(fill, body).replace("\\.", ".").replace("\\/", "/")
    return None if re.search(r"[()\[\]*+?\\|^$]", out) else out


def _paths(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        part = entry.pattern
        text = _route(str(part)) if isinstance(part, RoutePattern) else (
            _regex(str(part)) if isinstance(part, RegexPattern) else None)
        if text is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, prefix + text)
        else:
            yield "/" + prefix + text, entry


def _walk(client: Client) -> list[tuple[str, str, str]]:
    """(page, action, form html) for every POST form rendered by a reachable page."""
    found = []
    for path, _ in _paths(get_resolver().url_patterns):
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode(errors="replace")
        for attrs, inner in FORM.findall(html):
            if METHOD_POST.search(attrs):
                action = ACTION.search(attrs)
                found.append((path, urljoin(path, action[1] if action and action[1] else path), inner))
    return found


def _check(user: object, forms: list[tuple[str, str, str]]) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)  # type: ignore[arg-type]
    for page, action, inner in forms:
        assert 'name="csrfmiddlewaretoken"' in inner, f"{page}: form to {action} lacks the CSRF token"
        target = urlsplit(action)
        assert not target.netloc, f"{page}: form posts off-site to {action}"
        response = strict.post(action, {"x": "1"})
        assert response.status_code == 403, f"{page}: POST {action} without token → {response.status_code}"


def test_every_post_form_has_the_token_and_is_refused_without_it() -> None:
    world = make_api_world()
    root = get_user_model().objects.create_superuser("root", password="Root-pass-2026")
    client = Client()
    client.force_login(root)
    forms = _walk(client)
    pages = {page for page, _, _ in forms}
    assert len(pages) >= 10, pages  # the admin alone renders dozens
    assert len([p for p in pages if not p.startswith("/admin/")]) >= 5, pages  # and our own areas some
    _check(root, forms)
    unit_user = get_user_model().objects.get(username=world.personas.unit_a)  # the unit's own forms (反馈 …)
    client.force_login(unit_user)
    unit_forms = _walk(client)
    assert unit_forms
    _check(unit_user, unit_forms)


def test_login_form_has_the_token_and_needs_it() -> None:
    page = Client().get("/login/").content.decode()
    forms = [inner for attrs, inner in FORM.findall(page) if METHOD_POST.search(attrs)]
    assert forms and all('name="csrfmiddlewaretoken"' in f for f in forms)
    refused = Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})
    assert refused.status_code == 403


def test_no_view_outside_the_api_is_csrf_exempt() -> None:
    exempt = [path for path, entry in _paths(get_resolver().url_patterns)
              if getattr(entry.callback, "csrf_exempt", False) and not hasattr(entry.callback, "cls")]
    assert exempt == []
