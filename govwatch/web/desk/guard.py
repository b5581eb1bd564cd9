"""The permission wrapper of every desk view: login required, AccessDenied → Chinese 403 page, a row the
actor may not see (DoesNotExist) → 404. The view receives the Actor."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from govwatch.web.guard import View, area_view, client_ip

__all__ = ["View", "client_ip", "desk_view"]

desk_view = area_view("desk/denied.html", (ObjectDoesNotExist,), "没有找到该记录")
