"""Generic notifications: send a Chinese title and body to apprise URLs and log every delivery.

Usage (any area — rectification, ops desk, bulletins)::

    from govwatch.services import notify
    rows = notify.send(["mailto://…", "wecombot://KEY"], "整改通知", "正文…", obj=rectification)
    notify.log_for(rectification)            # the Notification rows about that object, newest first

Each recipient gets its own ``Notification`` row (app ``rectify``): recipient, channel (email / wecom /
dingtalk / feishu / other, from the URL scheme), title, body, status sent/failed, attempts, last error
(Chinese), the object reference and timestamps. A send is tried up to ``tries`` times at once (default 2);
a failure never raises — it is data in the log. ``retry_failed`` re-sends failed rows (up to
``MAX_ATTEMPTS`` attempts in all) and suits a periodic job. Blank and duplicate recipients are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db.models import Model, QuerySet

from govwatch.core.clock import utcnow
from govwatch.storage.rectify.models import Notification

Sender = Callable[[str, str, str], None]
"""(recipient apprise URL, title, body) → None when delivered; raises with the reason otherwise."""

MAX_ATTEMPTS = 5
SCHEMES: dict[str, str] = {  # apprise URL scheme → Notification.Channel value
    "mailto": "email", "mailtos": "email", "email": "email", "emails": "email",
    "wecombot": "wecom", "wecom": "wecom", "wxwork": "wecom", "dingtalk": "dingtalk",
    "feishu": "feishu", "lark": "feishu",
}


class DeliveryFailed(Exception):
    """A notification service did not confirm delivery; the message says why (Chinese)."""


def channel_of(url: str) -> str:
    """The Notification.Channel value of an apprise URL, from its scheme ('other' when unknown)."""
    scheme = url.split("://", 1)[0].strip().lower() if "://" in url else ""
    return SCHEMES.get(scheme, "other")


def masked(url: str) -> str:
    """``url`` safe to show on a page: the scheme and host kept, credentials and tokens cut
    (``json://127.0.0.1:8080/hook`` → ``json://127.0.0.1:8080/…``; ``wecombot://KEY`` → ``wecombot://KE…``)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url[:4] + "…"
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if "." in host or ":" in host:
        return f"{scheme}://{host}/…" if "/" in rest else f"{scheme}://{host}"
    return f"{scheme}://{host[:2]}…"


def apprise_send(recipient: str, title: str, body: str) -> None:
    """Deliver through apprise; raises DeliveryFailed with apprise's own log lines as the reason."""
    import apprise

    notifier = apprise.Apprise()
    if not notifier.add(recipient):
        raise DeliveryFailed(f"无法识别的通知地址：{masked(recipient)}")
    with apprise.LogCapture(level=apprise.logging.WARNING) as output:
        ok = notifier.notify(title=title, body=body)
        logged = output.getvalue().strip()
    if not ok:
        raise DeliveryFailed("通知服务未确认送达" + (f"：{logged[-400:]}" if logged else ""))


def _attempt(sender: Sender, row: Notification, tries: int) -> None:
    for _ in range(tries):
        row.attempts += 1
        try:
            sender(row.recipient, row.title, row.body)
        except Exception as exc:  # a failing notification service is data, never a crash
            row.error = str(exc) if isinstance(exc, DeliveryFailed) else f"发送失败：{type(exc).__name__}: {exc}"
            continue
        row.status, row.error, row.sent_at = Notification.Status.SENT, "", utcnow()
        return
    row.status = Notification.Status.FAILED


def _reference(obj: Model | None, object_type: str, object_id: str) -> tuple[str, str]:
    if obj is not None:
        return object_type or obj._meta.label_lower, object_id or str(obj.pk)
    return object_type, object_id


def send(recipients: Iterable[str], title: str, body: str, obj: Model | None = None, *,
         object_type: str = "", object_id: str = "", tries: int = 2,
         sender: Sender | None = None, now: datetime | None = None) -> list[Notification]:
    """Send ``title``/``body`` to every distinct non-blank recipient (apprise URL) and return the saved
    Notification rows (status sent or failed), one per recipient. ``obj`` (or ``object_type`` +
    ``object_id``) is the object the message is about. ``sender`` defaults to ``apprise_send``. Never
    raises for a delivery failure."""
    deliver = sender or apprise_send
    otype, oid = _reference(obj, object_type, object_id)
    rows: list[Notification] = []
    for recipient in dict.fromkeys(r.strip() for r in recipients if r and r.strip()):
        moment = now or utcnow()
        row = Notification(recipient=recipient, channel=channel_of(recipient), title=title[:200], body=body,
                           status=Notification.Status.FAILED, object_type=otype, object_id=oid,
                           created_at=moment, updated_at=moment)
        _attempt(deliver, row, max(1, tries))
        row.updated_at = utcnow()
        row.save()
        rows.append(row)
    return rows


def log_for(obj: Model | None = None, *, object_type: str = "", object_id: str = "") -> QuerySet[Notification]:
    """The delivery log about one object, newest first."""
    otype, oid = _reference(obj, object_type, object_id)
    return Notification.objects.filter(object_type=otype, object_id=oid)


def retry_failed(now: datetime | None = None, sender: Sender | None = None, limit: int = 100) -> int:
    """Re-send failed notifications that have had fewer than MAX_ATTEMPTS attempts, once each; returns
    how many were delivered now. Each row is claimed with compare-and-set on its attempt count, so two
    machines never re-send the same row."""
    deliver = sender or apprise_send
    delivered = 0
    failed = Notification.objects.filter(status=Notification.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
    for row in failed.order_by("updated_at")[:limit]:
        claimed = Notification.objects.filter(pk=row.pk, attempts=row.attempts, status=row.status)
        if not claimed.update(attempts=row.attempts + 1, updated_at=now or utcnow()):
            continue
        row.attempts += 1
        try:
            deliver(row.recipient, row.title, row.body)
        except Exception as exc:  # recorded, retried later
            Notification.objects.filter(pk=row.pk).update(error=str(exc)[:2000])
            continue
        Notification.objects.filter(pk=row.pk).update(status=Notification.Status.SENT, error="", sent_at=utcnow())
        delivered += 1
    return delivered
