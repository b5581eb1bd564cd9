"""The permission wrapper of every ledger view: login required (anonymous → login page), the ledger roles
only (admin, operator, unit user; others get a Chinese 403 page); the view receives the Actor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch

from govwatch.services.access import AccessDenied, actor_of
from govwatch.services.ledger.publications import require_ledger
from govwatch.web.errors import MAX_ID, error_response
from govwatch.web.guard import client_ip

__all__ = ["BadParam", "client_ip", "forbidden", "int_param", "ledger_view", "to_login"]

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The Chinese 403 page of the ledger area."""
    return render(request, "ledger/forbidden.html", {"message": message}, status=403)


def ledger_view(view: View) -> View:
    """Wrap ``view(request, actor, *args)``: login required, ledger roles only, AccessDenied → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return to_login(request)
        actor = actor_of(request.user)
        try:
            require_ledger(actor)
            return view(request, actor, *args, **kwargs)
        except AccessDenied as exc:
            return forbidden(request, str(exc))
        except BadParam as exc:
            return error_response(request, "errors/400.html", 400, str(exc))

    return wrapper


def to_login(request: HttpRequest) -> HttpResponse:
    """Redirect an anonymous user to the login page with ``next``; a 403 page while no login route exists
    (the pages area provides it)."""
    try:
        return redirect_to_login(request.get_full_path())
    except NoReverseMatch:
        return forbidden(request, "请先登录")


class BadParam(ValueError):
    """A GET parameter is a number out of range; ``ledger_view`` answers 400 with the Chinese message."""


def int_param(request: HttpRequest, name: str, default: int | None = None,
              maximum: int = MAX_ID) -> int | None:
    """A GET parameter as int, ``default`` when absent or not a number; BadParam when it is a number
    outside 1 … ``maximum`` (2**63 − 1 by default, what a database id holds)."""
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdigit()):
        return default
    if not 1 <= int(value) <= maximum:
        raise BadParam(f"参数 {name} 超出范围（应为 1 至 {maximum} 之间的整数），收到：{value[:40]}")
    return int(value)
