"""services.notify over real HTTP: a local JSON endpoint that accepts and one that fails (no mocks)."""

from __future__ import annotations

import pytest
from notifyhook import HookServer

from govwatch.services import notify
from govwatch.storage.models import Unit
from govwatch.storage.rectify.models import Notification

pytestmark = pytest.mark.django_db


def test_delivers_to_a_real_endpoint_and_logs_it() -> None:
    unit = Unit.objects.create(name="甲县人民政府")
    with HookServer() as hook:
        rows = notify.send([hook.url("ok"), hook.url("ok"), " "], "整改通知", "请于5个工作日内整改", obj=unit)
        received = hook.received
    assert len(rows) == 1 and len(received) == 1
    path, payload = received[0]
    assert path == "/ok" and payload["title"] == "整改通知" and "5个工作日" in payload["message"]
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.channel, row.error) == ("sent", 1, "other", "")
    assert row.sent_at is not None and (row.object_type, row.object_id) == ("storage.unit", str(unit.pk))
    assert list(notify.log_for(unit)) == [row]


def test_a_failing_endpoint_is_logged_as_failed_after_two_tries_and_retried_later() -> None:
    with HookServer() as hook:
        rows = notify.send([hook.url("fail/x")], "整改通知", "正文", object_type="x", object_id="1")
        assert rows[0].status == "failed" and rows[0].attempts == 2 and "未确认送达" in rows[0].error
        assert notify.retry_failed() == 0
        assert Notification.objects.get().attempts == 3
    # a refused connection (nothing listens any more) is a failure too, never an exception
    row = notify.send([f"json://127.0.0.1:{hook.port}/ok"], "t", "b", tries=1)[0]
    assert row.status == "failed" and row.attempts == 1


def test_retry_delivers_once_the_endpoint_answers() -> None:
    with HookServer() as hook:
        Notification.objects.all().delete()
        bad = notify.send([hook.url("ok")], "t", "b", tries=1, sender=_refuse)[0]
        assert bad.status == "failed"
        assert notify.retry_failed() == 1
        assert Notification.objects.get(pk=bad.pk).status == "sent" and len(hook.received) == 1


def _refuse(recipient: str, title: str, body: str) -> None:
    raise notify.DeliveryFailed("对方未应答")


@pytest.mark.parametrize(("url", "channel"), [
    ("mailto://user:pw@mail.example.gov.cn", "email"), ("wecombot://KEY", "wecom"),
    ("dingtalk://TOKEN", "dingtalk"), ("feishu://TOKEN", "feishu"), ("lark://T", "feishu"),
    ("json://127.0.0.1/x", "other"), ("nonsense", "other"),
])
def test_channel_from_scheme(url: str, channel: str) -> None:
    assert notify.channel_of(url) == channel


def test_masked_hides_tokens() -> None:
    assert notify.masked("wecombot://SECRETKEY") == "wecombot://SE…"
    assert notify.masked("json://127.0.0.1:81/hook/secret") == "json://127.0.0.1:81/…"
    assert "pw" not in notify.masked("mailto://user:pw@mail.example.gov.cn")
