"""Who may call the API: bureau admins, operators and unit users (scoped to their unit); proofreaders and
users without a role get 403, anonymous callers 401. Read-only for everyone."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from govwatch.services.access import ADMIN, OPERATOR, UNIT, AccessDenied, Actor, actor_of

API_ROLES = (ADMIN, OPERATOR, UNIT)


def request_actor(request: Request) -> Actor:
    """The request user's Actor, computed once per request."""
    actor = getattr(request, "_govwatch_actor", None)
    if actor is None:
        actor = actor_of(request.user)
        request._govwatch_actor = actor
    return actor


class FleetReader(BasePermission):
    """Signed in and a role that sees fleet data (a unit user bound to a unit). The viewsets are read-only,
    so any other method is 405 for these users."""

    message = "无权访问此接口"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        actor = request_actor(request)
        try:
            actor.require(*API_ROLES)
        except AccessDenied as exc:
            self.message = str(exc)
            return False
        if actor.role == UNIT and actor.unit_id is None:
            self.message = "当前账号未绑定主办单位，无法查看数据"
            return False
        return True
