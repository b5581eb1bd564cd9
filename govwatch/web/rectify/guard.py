"""Permission wrapper of the rectify views: login required, AccessDenied → Chinese 403 page, NotFound
(a notice of another unit, or none) → 404. The view receives the Actor."""

from __future__ import annotations

from govwatch.services.access import Actor
from govwatch.services.rectification.notices import NotFound
from govwatch.web.guard import View, area_view, client_ip

__all__ = ["View", "client_ip", "rectify_view", "staff_or_unit"]

rectify_view = area_view("rectify/forbidden.html", (NotFound,))


def staff_or_unit(actor: Actor) -> None:
    """AccessDenied for proofreaders and users without a role."""
    actor.require("admin", "operator", "unit")
