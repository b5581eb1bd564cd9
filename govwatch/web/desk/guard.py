"""The permission wrapper of every desk view: login required, AccessDenied → Chinese 403 page, a row the
actor may not see (DoesNotExist) → 404. The view receives the Actor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services.access import AccessDenied, Actor, actor_of

View = Callable[..., HttpResponse]


def desk_view(view: Callable[..., HttpResponse]) -> View:
    """Wrap ``view(request, actor, *args)`` as described above."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor: Actor = actor_of(request.user)
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as exc:
            return render(request, "desk/denied.html", {"message": str(exc)}, status=403)
        except ObjectDoesNotExist as exc:
            raise Http404("没有找到该记录") from exc

    return login_required(wrapper)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR for the audit log."""
    return request.META.get("REMOTE_ADDR") or None
