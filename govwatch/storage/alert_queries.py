"""Database side of alerts (告警): the enabled rules, storing alerts once, and claiming due ones.

An alert is stored once per (finding, recipient, event) — re-running never duplicates it. Delivery claims
a due alert by compare-and-set on ``due_at`` (``UPDATE … WHERE id = ? AND status = 'pending' AND due_at =
<as read>``), moving it a lease ahead: of several deliverers that read it, one wins; if that one dies the
lease runs out and the alert is due again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from govwatch.storage.models import Alert, AlertRule, Finding


def enabled_rules() -> list[AlertRule]:
    """Enabled alert rules, with their unit."""
    return list(AlertRule.objects.filter(enabled=True).select_related("unit").order_by("id"))


def findings_with_sites(ids: Iterable[int]) -> list[Finding]:
    """The findings of ``ids`` with their site (and the site's unit) loaded."""
    return list(Finding.objects.filter(id__in=list(ids)).select_related("site", "site__unit").order_by("id"))


@dataclass(frozen=True)
class NewAlert:
    """An alert to store: finding id, rule id, recipient (apprise URL), event ('new' | 'confirmed'),
    created and due times."""

    finding_id: int
    rule_id: int
    recipient: str
    event: str
    created_at: datetime
    due_at: datetime


def store_alerts(alerts: Sequence[NewAlert]) -> list[Alert]:
    """Store each alert unless one already exists for its (finding, recipient, event); returns the
    alerts created by this call, in input order."""
    created: list[Alert] = []
    for a in alerts:
        if Alert.objects.filter(finding_id=a.finding_id, recipient=a.recipient, event=a.event).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Alert.objects.create(
                    finding_id=a.finding_id, rule_id=a.rule_id, recipient=a.recipient, event=a.event,
                    created_at=a.created_at, due_at=a.due_at))
        except IntegrityError:  # stored meanwhile by another process
            continue
    return created


def due_alerts(now: datetime, limit: int) -> list[Alert]:
    """Pending alerts due at ``now`` (oldest due first, at most ``limit``), with finding, site and rule."""
    rows = (Alert.objects.filter(status=Alert.Status.PENDING, due_at__lte=now)
            .select_related("finding", "finding__site", "rule").order_by("due_at", "id"))
    return list(rows[:limit])


def pending(limit: int) -> list[Alert]:
    """Alerts not sent yet (held by quiet hours, or waiting for a retry), soonest due first."""
    rows = (Alert.objects.filter(status=Alert.Status.PENDING)
            .select_related("finding", "finding__site", "rule").order_by("due_at", "id"))
    return list(rows[:limit])


def claim(alert: Alert, lease_until: datetime) -> bool:
    """Compare-and-set: take ``alert`` by moving its ``due_at`` to ``lease_until``; False when another
    deliverer changed it since it was read."""
    won = Alert.objects.filter(id=alert.id, status=Alert.Status.PENDING, due_at=alert.due_at).update(
        due_at=lease_until)
    return won == 1


def mark_sent(ids: Sequence[int], now: datetime) -> None:
    """Mark alerts sent at ``now``."""
    Alert.objects.filter(id__in=list(ids)).update(status=Alert.Status.SENT, sent_at=now,
                                                  attempts=F("attempts") + 1, error="")


def mark_failed(ids: Sequence[int], error: str, retry_at: datetime | None) -> None:
    """Record a failed attempt: due again at ``retry_at``, or failed for good when it is None."""
    rows = Alert.objects.filter(id__in=list(ids))
    if retry_at is None:
        rows.update(status=Alert.Status.FAILED, attempts=F("attempts") + 1, error=error[:2000])
    else:
        rows.update(due_at=retry_at, attempts=F("attempts") + 1, error=error[:2000])
