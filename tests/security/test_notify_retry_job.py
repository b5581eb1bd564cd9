"""The periodic job ``notify.retry``: a notification that failed while its endpoint was down is re-sent
by the job once the endpoint answers again, and logged as sent (a real local HTTP endpoint)."""

from __future__ import annotations

import pytest
from defacewatchkit import T0
from notifyhook import HookServer

from govwatch.services import notify, periodic
from govwatch.storage.rectify.models import Notification

pytestmark = pytest.mark.django_db


def test_the_job_retries_a_failed_notification_when_the_endpoint_is_back() -> None:
    assert periodic.job("notify.retry").every == 300
    with HookServer() as hook:
        hook.set_down(True)
        (row,) = notify.send([hook.url("hook")], "整改通知", "请于5个工作日内整改", object_type="x", object_id="1")
        assert (row.status, row.attempts) == ("failed", 2) and "未确认送达" in row.error
        assert periodic.run_job("notify.retry", T0) == ""  # still down: one more attempt, still failed
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("failed", 3) and not hook.received
        hook.set_down(False)
        assert periodic.run_job("notify.retry", T0) == "通知重发：1 条已送达"
        row.refresh_from_db()
        assert (row.status, row.attempts, row.error) == ("sent", 4, "") and row.sent_at is not None
        assert [p for p, _ in hook.received] == ["/hook"] and hook.received[0][1]["title"] == "整改通知"
        assert periodic.run_job("notify.retry", T0) == ""  # sent rows are not re-sent
        assert len(hook.received) == 1 and Notification.objects.count() == 1
