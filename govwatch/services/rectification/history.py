"""Every state change of a notice or item: a HistoryEvent row and an audit event (services.access.audit)."""

from __future__ import annotations

from datetime import datetime

from govwatch.services.access import Actor, audit
from govwatch.storage.rectify.models import HistoryEvent, Rectification, RectificationItem

SYSTEM = Actor(None, "系统", None)
"""The actor of automatic steps (the deadline 复查)."""

CONSOLE = Actor(None, "命令行", "admin")
"""The actor of ``govwatch rectify`` commands: the console is the bureau's own."""


def record(actor: Actor, rect: Rectification, action: str, summary: str, now: datetime, *,
           item: RectificationItem | None = None, before: str = "", after: str = "",
           audit_action: str = "change", ip: str | None = None) -> HistoryEvent:
    """Append one history event (who, when, what, status before → after) and audit it."""
    event = HistoryEvent.objects.create(rectification=rect, item=item, at=now, by_id=actor.user_id,
                                        by_name=actor.username or "系统", action=action, from_status=before,
                                        to_status=after, summary=summary[:500])
    audit(actor, audit_action, item or rect, summary=f"{rect.number}：{summary}", ip=ip)
    return event


def set_status(actor: Actor, rect: Rectification, status: str, summary: str, now: datetime,
               ip: str | None = None) -> None:
    """Change the notice's status (saving it) and record the change."""
    before = rect.status
    rect.status = status
    if status == "closed":
        rect.closed_at = now
    if status == "escalated":
        rect.escalated_at = now
    rect.save(update_fields=["status", "closed_at", "escalated_at"])
    record(actor, rect, "status", summary, now, before=before, after=status, ip=ip)
