"""API tokens (issue #4 §6): create, rotate or revoke a user's token for ``Authorization: Token …``.

A user has at most one token (rest_framework.authtoken); issuing a new one replaces the old, which stops
working at once. Only roles that may call the API get one (bureau admin, operator, unit user bound to a
unit). Every creation and revocation is in the audit log (object type ``authtoken.token``, object id the
user's id; the token itself is never logged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token

from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, UNIT, Actor, actor_of, audit

__all__ = ["CLI_ACTOR", "IssuedToken", "issue_token", "revoke_token"]

CLI_ACTOR = Actor(None, "命令行", None)
OBJECT_TYPE = "authtoken.token"


@dataclass(frozen=True)
class IssuedToken:
    """``key`` the new token (show it once), ``replaced`` whether an older token was revoked."""

    username: str
    role_label: str
    key: str
    replaced: bool


def _api_user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"没有用户“{username}”：请先用 govwatch users add 创建")
    actor = actor_of(user)
    if actor.role not in (ADMIN, OPERATOR, UNIT) or (actor.role == UNIT and actor.unit_id is None):
        raise UsageError(f"用户“{username}”的角色（{actor.role_label}）无权使用 API："
                         "只有监管方管理员、运维人员和已绑定单位的主办单位用户可以")
    if not user.is_active:
        raise UsageError(f"用户“{username}”已停用")
    return user


def issue_token(username: str, by: Actor = CLI_ACTOR, ip: str | None = None) -> IssuedToken:
    """Create (or rotate) ``username``'s API token; ``by`` is who asked (default the command line).
    Raises UsageError for an unknown user, an inactive one, or a role without API access."""
    user = _api_user(username)
    with transaction.atomic():
        replaced = Token.objects.filter(user=user).delete()[0] > 0
        token = Token.objects.create(user=user)
        verb = "更换" if replaced else "创建"
        audit(by, "create", summary=f"为用户 {username} {verb} API 令牌", ip=ip,
              object_type=OBJECT_TYPE, object_id=str(user.pk))
    return IssuedToken(username, actor_of(user).role_label, token.key, replaced)


def revoke_token(username: str, by: Actor = CLI_ACTOR, ip: str | None = None) -> bool:
    """Delete ``username``'s API token; False when they had none. UsageError for an unknown user."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"没有用户“{username}”")
    with transaction.atomic():
        deleted = Token.objects.filter(user=user).delete()[0] > 0
        if deleted:
            audit(by, "delete", summary=f"吊销用户 {username} 的 API 令牌", ip=ip,
                  object_type=OBJECT_TYPE, object_id=str(user.pk))
    return deleted
