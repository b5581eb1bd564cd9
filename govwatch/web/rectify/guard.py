"""Permission wrapper of the rectify views: login required, AccessDenied → Chinese 403 page, NotFound
(a notice of another unit, or none) → 404. The view receives the Actor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services.access import AccessDenied, Actor, actor_of
from govwatch.services.rectification.notices import NotFound

View = Callable[..., HttpResponse]


def rectify_view(view: Callable[..., HttpResponse]) -> View:
    """Wrap ``view(request, actor, *args)`` (see module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_of(request.user)
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as exc:
            return render(request, "rectify/forbidden.html", {"message": str(exc)}, status=403)
        except NotFound as exc:
            raise Http404(str(exc)) from exc

    return login_required(wrapper)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR for the audit log."""
    return request.META.get("REMOTE_ADDR") or None


def staff_or_unit(actor: Actor) -> None:
    """AccessDenied for proofreaders and users without a role."""
    actor.require("admin", "operator", "unit")
