"""The periodic job ``notify.retry`` (every 5 minutes): failed notifications are re-sent by
:func:`govwatch.services.notify.retry_failed` (claimed with compare-and-set, up to its MAX_ATTEMPTS)."""

from __future__ import annotations

from datetime import datetime

from govwatch.services import notify


def retry(now: datetime) -> str:
    """Re-send failed notifications now; one Chinese log line ('' when none was delivered)."""
    delivered = notify.retry_failed(now)
    return f"通知重发：{delivered} 条已送达" if delivered else ""
