"""The permission wrapper of every pages view: login required (anonymous → login page with ``next``),
AccessDenied → a Chinese 403 page, NotFound → 404. The view receives the Actor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services.dashboard import NotFound
from govwatch.web.guard import View, area_view, client_ip

__all__ = ["View", "client_ip", "fleet_view", "forbidden"]

FORBIDDEN = "pages/forbidden.html"
fleet_view = area_view(FORBIDDEN, (NotFound,))


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The Chinese 403 page."""
    return render(request, FORBIDDEN, {"message": message}, status=403)
