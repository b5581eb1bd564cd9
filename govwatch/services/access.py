"""Roles and scoping (issue #4 §2) and the audit log (§5): the one place that decides who sees what.

Every view, export, download and API endpoint narrows its querysets through an ``Actor`` from
``actor_of(user)``: bureau admins (监管方管理员) and operators (运维人员) see the whole fleet, a unit user
(主办单位用户) only the sites, accounts, findings and rectifications of their own unit, a proofreader
(校对员) only the proofreading service; a user with no role (the outsider) sees nothing. Django
superusers count as bureau admins.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet

from govwatch.core.errors import GovwatchError, UsageError
from govwatch.storage.models import Account, AccountFinding, AuditEvent, Finding, Membership, Role, Site, Unit

__all__ = ["ADMIN", "OPERATOR", "PROOFREADER", "UNIT", "AccessDenied", "Actor", "Role", "actor_of", "audit", "ensure_user"]

ROLE_LABELS: dict[str, str] = dict(Role.choices)
ADMIN, OPERATOR, UNIT, PROOFREADER = "admin", "operator", "unit", "proofreader"


class AccessDenied(GovwatchError):
    """The user's role does not allow this; the message says which role would (Chinese)."""


@dataclass(frozen=True)
class Actor:
    """A signed-in user as the access rules see them: ``role`` one of Role's values or None (outsider),
    ``unit_id`` the unit of a unit user (None otherwise)."""

    user_id: int | None
    username: str
    role: str | None
    unit_id: int | None = None

    @property
    def is_admin(self) -> bool:
        """Bureau admin: everything, approves bulletins."""
        return self.role == ADMIN

    @property
    def is_staff_side(self) -> bool:
        """Bureau admin or operator: the whole fleet."""
        return self.role in (ADMIN, OPERATOR)

    @property
    def is_unit(self) -> bool:
        """A unit user, bound to ``unit_id``."""
        return self.role == UNIT and self.unit_id is not None

    @property
    def role_label(self) -> str:
        """The role in Chinese (未分配角色 for the outsider)."""
        return ROLE_LABELS.get(self.role or "", "未分配角色")

    def require(self, *roles: str) -> None:
        """Raise AccessDenied unless the actor has one of ``roles`` (Role values)."""
        if self.role not in roles:
            wanted = "、".join(ROLE_LABELS[r] for r in roles)
            raise AccessDenied(f"当前账号（{self.role_label}）无权执行此操作，需要：{wanted}")

    def sites(self, qs: QuerySet[Site] | None = None) -> QuerySet[Site]:
        """The sites this actor may see (all, the unit's own, or none)."""
        return self._scope(Site.objects.all() if qs is None else qs, "unit_id")

    def accounts(self, qs: QuerySet[Account] | None = None) -> QuerySet[Account]:
        """The new-media accounts this actor may see."""
        return self._scope(Account.objects.all() if qs is None else qs, "unit_id")

    def findings(self, qs: QuerySet[Finding] | None = None) -> QuerySet[Finding]:
        """The website findings this actor may see."""
        return self._scope(Finding.objects.all() if qs is None else qs, "site__unit_id")

    def account_findings(self, qs: QuerySet[AccountFinding] | None = None) -> QuerySet[AccountFinding]:
        """The new-media findings this actor may see."""
        return self._scope(AccountFinding.objects.all() if qs is None else qs, "account__unit_id")

    def units(self, qs: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
        """The units this actor may see."""
        return self._scope(Unit.objects.all() if qs is None else qs, "id")

    def scope(self, qs: QuerySet[Any], unit_field: str) -> QuerySet[Any]:
        """Narrow any queryset whose rows belong to a unit through ``unit_field`` (e.g. ``unit_id``,
        ``site__unit_id``) — for models added later (rectifications, tickets)."""
        return self._scope(qs, unit_field)

    def may_see_unit(self, unit_id: int | None) -> bool:
        """Whether rows of ``unit_id`` are visible to this actor."""
        return self.is_staff_side or (self.is_unit and unit_id == self.unit_id)

    def _scope(self, qs: QuerySet[Any], unit_field: str) -> QuerySet[Any]:
        if self.is_staff_side:
            return qs
        if self.is_unit:
            return qs.filter(**{unit_field: self.unit_id})
        return qs.none()


def actor_of(user: Any) -> Actor:
    """The Actor of a Django user (anonymous or role-less → outsider; superuser → admin)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(None, "", None)
    if user.is_superuser:
        return Actor(user.pk, user.get_username(), ADMIN)
    membership = Membership.objects.filter(user_id=user.pk).first()
    if membership is None:
        return Actor(user.pk, user.get_username(), None)
    return Actor(user.pk, user.get_username(), membership.role, membership.unit_id)


def audit(actor: Actor, action: str, obj: Model | None = None, summary: str = "",
          ip: str | None = None, object_type: str = "", object_id: str = "") -> AuditEvent:
    """Append one audit event (AuditEvent.Action value ``action``) for ``obj`` or an explicit type/id."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(user_id=actor.user_id, username=actor.username, action=action,
                                     object_type=object_type, object_id=object_id, summary=summary[:500],
                                     ip=ip or None)


@dataclass(frozen=True)
class UserAccount:
    """``password`` is the new random password, '' when the user existed and kept theirs (or one was
    given); ``previous_role`` the role before this call ('' for a new user or one without a role)."""

    username: str
    role: str
    unit: str
    password: str
    previous_role: str = ""


OPERATOR_GROUP = "运维人员"
OPERATOR_APPS = ("storage", "rectify", "bulletins", "desk", "ledger", "security")


def ensure_user(username: str, role: str, unit_name: str = "", password: str = "") -> UserAccount:
    """Create or update a user with ``role`` (Role value) and, for unit users, the unit named
    ``unit_name`` (must exist in the registry), with the Django admin rights the role implies: an admin is
    a superuser, an operator a staff member in the group 运维人员 (every permission of the platform's own
    apps), a proofreader a staff member in the group 校对员, a unit user no admin access. Raises
    UsageError on a malformed user name, an unknown role or unit."""
    username = _valid_username(username)
    if role not in ROLE_LABELS:
        raise UsageError(f"未知角色 {role!r}：可选 {', '.join(ROLE_LABELS)}")
    unit = _unit_for(role, unit_name)
    with transaction.atomic():
        user = get_user_model().objects.filter(username=username).first()
        new_password = ""
        if user is None:
            new_password = password or secrets.token_urlsafe(12)
            user = get_user_model().objects.create_user(username=username, password=new_password)
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        old = Membership.objects.filter(user=user).values_list("role", flat=True).first() or ""
        Membership.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
        _admin_rights(user, role)
    return UserAccount(username, role, unit.name if unit else "", new_password if not password else "", old)


def _valid_username(username: str) -> str:
    from django.contrib.auth.validators import UnicodeUsernameValidator
    from django.core.exceptions import ValidationError

    name = username.strip()
    try:
        if not name or len(name) > 150:
            raise ValidationError("length")
        UnicodeUsernameValidator()(name)
    except ValidationError:
        raise UsageError(f"用户名 {username!r} 无效：应为 1–150 个字符，只含中英文字母、数字和 @ . + - _，不含空格") from None
    return name


def _admin_rights(user: Any, role: str) -> None:
    """Set ``user``'s Django admin flags and groups to what ``role`` implies (see ensure_user)."""
    from django.contrib.auth.models import Group, Permission

    from govwatch.services.proofreading.users import ensure_group as proofreader_group

    user.is_superuser = role == ADMIN
    user.is_staff = role in (ADMIN, OPERATOR, PROOFREADER)
    user.save(update_fields=["is_superuser", "is_staff"])
    operators, _ = Group.objects.get_or_create(name=OPERATOR_GROUP)
    operators.permissions.set(Permission.objects.filter(content_type__app_label__in=OPERATOR_APPS))
    proofreaders = proofreader_group()
    user.groups.remove(operators, proofreaders)
    if role == OPERATOR:
        user.groups.add(operators)
    elif role == PROOFREADER:
        user.groups.add(proofreaders)


def _unit_for(role: str, unit_name: str) -> Unit | None:
    if role != UNIT:
        return None
    if not unit_name:
        raise UsageError("主办单位用户必须指定所属单位（--unit 单位名称）")
    unit = Unit.objects.filter(name=unit_name).first()
    if unit is None:
        raise UsageError(f"登记信息中没有单位“{unit_name}”：请先用 govwatch sites import 导入，或检查名称")
    return unit


@dataclass(frozen=True)
class UserRow:
    """One line of ``govwatch users list``."""

    username: str
    role_label: str
    unit: str
    active: bool


def user_rows() -> list[UserRow]:
    """Every user with role (superusers as 监管方管理员) and unit, by username."""
    users = get_user_model().objects.order_by("username").select_related("membership__unit")
    rows = []
    for user in users:
        actor = actor_of(user)
        membership = getattr(user, "membership", None)
        unit = membership.unit.name if membership is not None and membership.unit else ""
        rows.append(UserRow(user.get_username(), actor.role_label, unit, user.is_active))
    return rows
