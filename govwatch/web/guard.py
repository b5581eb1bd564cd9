"""The permission wrapper shared by the web areas: login required (anonymous → login page with ``next``),
AccessDenied → the area's Chinese 403 page, the area's not-found errors → 404; the view receives the
Actor as its second argument. ``client_ip`` is the audit log's own (services.audit_log)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services.access import AccessDenied, actor_of
from govwatch.services.audit_log import client_ip

__all__ = ["View", "area_view", "client_ip"]

View = Callable[..., HttpResponse]


def area_view(forbidden_template: str, not_found: tuple[type[Exception], ...] = (),
              not_found_message: str = "") -> Callable[[View], View]:
    """A decorator wrapping ``view(request, actor, *args)``: 403 with ``forbidden_template`` (context
    ``message``) on AccessDenied, Http404 on ``not_found`` (its own message, or ``not_found_message``)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, actor_of(request.user), *args, **kwargs)
            except AccessDenied as exc:
                return render(request, forbidden_template, {"message": str(exc)}, status=403)
            except not_found as exc:
                raise Http404(not_found_message or str(exc)) from exc

        return login_required(wrapper)

    return decorate
