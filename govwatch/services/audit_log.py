"""The audit log (issue #4 §5): sign-in events, Django admin changes, and the bureau admin's audit page.

Other areas append their own events (downloads, approvals, creations) through ``services.access.audit``;
this module records the events no view of ours sees — 登录, 登录失败, 退出登录 (Django's auth signals) and
changes made in the Django admin (its ``LogEntry`` rows) — and answers the audit page's queries.

``connect()`` wires the signal handlers; the ``govwatch.web.audit`` AppConfig calls it once at start-up.
The source address is the request's ``REMOTE_ADDR`` (the embedded server and a reverse proxy that
passes the client address both set it); an unparsable address is stored as empty.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import QuerySet
from django.db.models.signals import post_save

from govwatch.core.clock import CHINA_TZ
from govwatch.services.access import Actor, actor_of, audit
from govwatch.storage.models import AuditEvent

__all__ = ["ACTION_LABELS", "LOGOUT", "AuditFilter", "action_label", "client_ip", "connect", "events",
           "object_types", "record_admin_entry", "record_bulk_admin_deletions"]

LOGOUT = "logout"
# AuditEvent.Action plus 退出登录: the column is a plain CharField, so a value outside the model's
# choices is stored as is; this table is what the audit page shows and filters by.
ACTION_LABELS: dict[str, str] = {**dict(AuditEvent.Action.choices), LOGOUT: "退出登录"}
ADMIN_ACTIONS = {ADDITION: "create", CHANGE: "change", DELETION: "delete"}
ADMIN_VERBS = {ADDITION: "新增", CHANGE: "修改", DELETION: "删除"}
DISPATCH_PREFIX = "govwatch.audit."


def action_label(action: str) -> str:
    """The Chinese name of an audit action (the raw value when unknown)."""
    return ACTION_LABELS.get(action, action)


def client_ip(request: Any) -> str | None:
    """The request's source address (``REMOTE_ADDR``) when it is a valid IPv4/IPv6 address, else None."""
    raw = (getattr(request, "META", None) or {}).get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(str(raw).strip()))
    except ValueError:
        return None


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """user_logged_in → a 登录 event for the user, with the source address."""
    audit(actor_of(user), "login", user, "登录成功", ip=client_ip(request))


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """user_logged_out → a 退出登录 event (nothing when no one was signed in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    audit(actor_of(user), LOGOUT, user, "退出登录", ip=client_ip(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """user_login_failed → a 登录失败 event naming the username tried (never the password); the user is
    linked when that username exists. A locked-out attempt (django-axes) says so."""
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    summary = f"登录失败：用户名“{username}”" + ("（登录尝试次数过多，账号已被临时锁定）" if locked else "")
    AuditEvent.objects.create(user=user, username=username, action="login_failed",
                              object_type="auth.user", object_id=str(user.pk) if user else "",
                              summary=summary[:500], ip=client_ip(request))


def on_admin_log(sender: Any, instance: LogEntry, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A Django admin LogEntry (新增/修改/删除 in /admin/) → the same action in the audit log."""
    if created and not raw:
        record_admin_entry(instance)


def record_admin_entry(entry: LogEntry, ip: str | None = None) -> None:
    """One admin LogEntry as an audit event (nothing for an unknown action flag)."""
    if entry.action_flag not in ADMIN_ACTIONS:
        return
    user = get_user_model().objects.filter(pk=entry.user_id).first()
    content_type = entry.content_type
    object_type = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    detail = entry.get_change_message() if entry.action_flag == CHANGE else ""
    summary = f"管理后台{ADMIN_VERBS[entry.action_flag]}：{entry.object_repr}" + (f"（{detail}）" if detail else "")
    audit(actor_of(user), ADMIN_ACTIONS[entry.action_flag], summary=summary,
          object_type=object_type, object_id=str(entry.object_id or ""), ip=ip)


def record_bulk_admin_deletions(user_id: int, since: datetime, ip: str | None) -> int:
    """The admin's 删除所选 of several objects writes its LogEntry rows with ``bulk_create`` (no post_save):
    record the DELETION entries ``user_id`` made from ``since`` on, when there are several (a single one
    was saved one by one and already recorded). Returns how many were recorded."""
    entries = list(LogEntry.objects.filter(user_id=user_id, action_flag=DELETION, action_time__gte=since)
                   .select_related("content_type").order_by("id"))
    if len(entries) < 2:
        return 0
    for entry in entries:
        record_admin_entry(entry, ip)
    return len(entries)


def connect() -> None:
    """Connect the handlers (idempotent: fixed dispatch ids)."""
    user_logged_in.connect(on_logged_in, dispatch_uid=DISPATCH_PREFIX + "login")
    user_logged_out.connect(on_logged_out, dispatch_uid=DISPATCH_PREFIX + "logout")
    user_login_failed.connect(on_login_failed, dispatch_uid=DISPATCH_PREFIX + "login_failed")
    post_save.connect(on_admin_log, sender=LogEntry, dispatch_uid=DISPATCH_PREFIX + "admin")


# ------------------------------------------------------------------------------------------ the audit page

@dataclass(frozen=True)
class AuditFilter:
    """The audit page's filters: ``user`` a username (substring, case-insensitive), ``action`` an
    ACTION_LABELS key, ``object_type`` an exact ``app_label.model``, ``since``/``until`` Beijing dates
    (both inclusive). Empty values do not filter."""

    user: str = ""
    action: str = ""
    object_type: str = ""
    since: date | None = None
    until: date | None = None


def events(actor: Actor, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit events matching ``filters``, newest first. Only bureau admins may read the audit log:
    raises AccessDenied for anyone else."""
    actor.require("admin")
    qs = AuditEvent.objects.all()
    if filters.user:
        qs = qs.filter(username__icontains=filters.user)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.since:
        qs = qs.filter(at__gte=datetime.combine(filters.since, time(0), tzinfo=CHINA_TZ))
    if filters.until:
        qs = qs.filter(at__lt=datetime.combine(filters.until + timedelta(days=1), time(0), tzinfo=CHINA_TZ))
    return qs.order_by("-at", "-id")


def object_types(actor: Actor) -> list[str]:
    """The object types present in the log (for the filter's choices), sorted. Admin only."""
    actor.require("admin")
    values = AuditEvent.objects.exclude(object_type="").values_list("object_type", flat=True).distinct()
    return sorted(set(values))
