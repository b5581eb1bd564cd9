"""The permission wrapper of every pages view: login required (anonymous → login page with ``next``),
AccessDenied → a Chinese 403 page, NotFound → 404. The view receives the Actor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services.access import Actor, actor_of
from govwatch.services.dashboard import AccessDenied, NotFound

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The Chinese 403 page."""
    return render(request, "pages/forbidden.html", {"message": message}, status=403)


def fleet_view(view: Callable[..., HttpResponse]) -> View:
    """Wrap ``view(request, actor, *args)``: login required, AccessDenied → 403, NotFound → 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor: Actor = actor_of(request.user)
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as exc:
            return forbidden(request, str(exc))
        except NotFound as exc:
            raise Http404(str(exc)) from exc

    return login_required(wrapper)


def client_ip(request: HttpRequest) -> str | None:
    """The client address for the audit log (REMOTE_ADDR; proxies are not trusted here)."""
    return request.META.get("REMOTE_ADDR") or None
