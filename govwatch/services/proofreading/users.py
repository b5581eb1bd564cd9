"""Proofreader accounts (校对员, issue #6 §5): a Django group and N users (GOVWATCH_PROOFREADERS, default 3).

Users are ``proofreader1`` … ``proofreaderN``, staff (they sign in to the admin) in the group 校对员, which
may view and add proofreading jobs and view the knowledge base; each sees only their own job history.
A new user gets a random password, returned once; existing users are left as they are (idempotent).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from govwatch.storage.models import Membership

GROUP = "校对员"
PREFIX = "proofreader"
PERMISSIONS = ("view_proofreadjob", "add_proofreadjob", "view_knowledgebasefile")


@dataclass(frozen=True)
class ProofreaderAccount:
    """``username``; ``password`` the new random password ('' when the user existed already)."""

    username: str
    password: str
    created: bool


def ensure_group() -> Group:
    """The group 校对员 with its permissions (created or completed)."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = Permission.objects.filter(content_type__app_label="storage", codename__in=PERMISSIONS)
    group.permissions.add(*perms)
    return group


def ensure_proofreaders(count: int) -> list[ProofreaderAccount]:
    """Make sure ``proofreader1``…``proofreader<count>`` exist in the group; returns one line per account."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    user_model = get_user_model()
    out: list[ProofreaderAccount] = []
    with transaction.atomic():
        group = ensure_group()
        for n in range(1, count + 1):
            username = f"{PREFIX}{n}"
            user = user_model.objects.filter(username=username).first()
            password = ""
            if user is None:
                password = secrets.token_urlsafe(12)
                user = user_model.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(group)
            Membership.objects.get_or_create(user=user, defaults={"role": "proofreader"})
            out.append(ProofreaderAccount(username, password, bool(password)))
    return out


def proofreaders() -> list[str]:
    """Usernames in the group 校对员."""
    return list(get_user_model().objects.filter(groups__name=GROUP).order_by("username")
                .values_list("username", flat=True))
