"""Alert rules: who is notified of which findings, quiet hours, and delivery to a real HTTP endpoint."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, time, timedelta

import pytest
from fleetkit import bj, finding, site, unit
from receiver import Receiver

from govwatch.services.alerts import MAX_ATTEMPTS, alerts_for, deliver_due, pending_alerts, quiet_release
from govwatch.storage import alert_queries
from govwatch.storage.models import Alert, AlertRule

QUIET = (time(22), time(7))


@pytest.mark.parametrize("now, quiet, due", [
    (bj(2026, 11, 3, 23), QUIET, bj(2026, 11, 4, 7)),  # inside, before midnight → next morning
    (bj(2026, 11, 4, 6, 59), QUIET, bj(2026, 11, 4, 7)),  # inside, after midnight → this morning
    (bj(2026, 11, 4, 7), QUIET, bj(2026, 11, 4, 7)),  # the end is outside
    (bj(2026, 11, 4, 21, 59), QUIET, bj(2026, 11, 4, 21, 59)),
    (bj(2026, 11, 4, 13), (time(12), time(14)), bj(2026, 11, 4, 14)),  # a daytime window
    (bj(2026, 11, 4, 15), (time(12), time(14)), bj(2026, 11, 4, 15)),
    (bj(2026, 11, 4, 23), (None, None), bj(2026, 11, 4, 23)),
    (bj(2026, 11, 4, 23), (time(7), time(7)), bj(2026, 11, 4, 23)),
])
def test_quiet_hours_hold_alerts_until_they_end(now, quiet, due) -> None:
    assert quiet_release(now, *quiet) == due
    # The same moment given in UTC is judged in Beijing time.
    assert quiet_release(now.astimezone(UTC), *quiet) == due


@pytest.fixture
def endpoint() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def _fleet(port: int) -> dict[str, object]:
    """Two units, four findings raised at 23:00, and two rules: everything to the bureau (quiet
    22:00–07:00) and 首页不更新 of 甲县 to 甲县 at once."""
    jia, yi = unit("甲县人民政府办公室"), unit("乙县人民政府办公室")
    a, b = site("甲县人民政府", "www.jia.gov.cn", owner=jia), site("乙县人民政府", "www.yi.gov.cn", owner=yi)
    bureau, county = f"json://127.0.0.1:{port}/bureau", f"json://127.0.0.1:{port}/jia"
    AlertRule.objects.create(code_prefix="", recipients=[bureau], quiet_start=QUIET[0], quiet_end=QUIET[1])
    AlertRule.objects.create(code_prefix="homepage.", unit=jia, recipients=[county, bureau])
    AlertRule.objects.create(code_prefix="", recipients=["json://127.0.0.1:1/off"], enabled=False)
    raised = bj(2026, 11, 3, 23)
    found = [
        finding(b, "links.dead_home", raised, path="gone.html", certainty="confirmed", message="首页链接不可用"),
        finding(b, "links.dead_inner", raised, path="maybe.html", certainty="suspected"),
        finding(a, "homepage.stale", raised, message="首页 2 周未更新"),
        finding(a, "column.stale", raised, path="old/", resolved_at=raised),
    ]
    return {"findings": found, "bureau": bureau, "county": county, "raised": raised}


@pytest.mark.django_db
def test_rules_decide_who_is_alerted_and_quiet_hours_set_the_due_time() -> None:
    fleet = _fleet(9)
    found, raised = fleet["findings"], fleet["raised"]
    created = alerts_for(found, raised)  # type: ignore[arg-type]
    got = sorted((a.finding.code, a.recipient, a.event, a.due_at) for a in created)
    assert got == sorted([
        ("links.dead_home", fleet["bureau"], "confirmed", bj(2026, 11, 4, 7)),  # held by quiet hours
        ("homepage.stale", fleet["county"], "new", raised),
        ("homepage.stale", fleet["bureau"], "new", raised),  # once, under the more specific rule
    ])
    assert alerts_for(found, raised + timedelta(hours=1)) == []  # type: ignore[arg-type]
    assert Alert.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")  # inside apprise
def test_due_alerts_are_delivered_through_apprise_to_a_real_endpoint(endpoint: Receiver) -> None:
    pytest.importorskip("apprise")
    fleet = _fleet(endpoint.port)
    alerts_for(fleet["findings"], fleet["raised"])  # type: ignore[arg-type]

    first = deliver_due(bj(2026, 11, 3, 23, 5))
    assert (first.messages, first.sent) == (2, 2)
    paths = sorted(path for path, _ in endpoint.posts)
    assert paths == ["/bureau", "/jia"]
    body = next(b for p, b in endpoint.posts if p == "/jia")
    assert body["title"] == "政府网站监测告警：1 条问题" and "【甲县人民政府】新发现：首页 2 周未更新" in body["message"]

    assert deliver_due(bj(2026, 11, 4, 6, 59)).messages == 0  # still quiet
    held = pending_alerts()
    assert [(a.finding.code, a.due_at) for a in held] == [("links.dead_home", bj(2026, 11, 4, 7))]
    morning = deliver_due(bj(2026, 11, 4, 7))
    assert (morning.messages, morning.sent) == (1, 1)
    path, body = endpoint.posts[-1]
    assert path == "/bureau" and "确认不可用：首页链接不可用（http://www.yi.gov.cn/gone.html）" in body["message"]
    assert set(Alert.objects.values_list("status", flat=True)) == {"sent"}
    assert deliver_due(bj(2026, 11, 5)).messages == 0  # nothing is sent twice


def _post(recipient: str, title: str, body: str) -> bool:
    """A sender that posts JSON over plain HTTP (json://host:port/path → http://host:port/path)."""
    url = "http://" + recipient.split("://", 1)[1]
    data = json.dumps({"title": title, "message": body}).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return bool(response.status < 300)


@pytest.mark.django_db
def test_failed_sends_are_retried_with_back_off_then_given_up(endpoint: Receiver) -> None:
    fleet = _fleet(endpoint.port)
    alerts_for(fleet["findings"][2:3], fleet["raised"])  # type: ignore[index]
    endpoint.status = 500
    now = bj(2026, 11, 3, 23, 1)
    outcome = deliver_due(now, _post)
    assert (outcome.messages, outcome.sent, outcome.retrying) == (2, 0, 2)
    alert = Alert.objects.get(recipient=fleet["county"])
    assert alert.attempts == 1 and alert.due_at == now + timedelta(minutes=5) and "500" in alert.error
    assert deliver_due(now + timedelta(minutes=4), _post).messages == 0  # not due yet
    for _ in range(MAX_ATTEMPTS - 1):
        now = Alert.objects.get(recipient=fleet["county"]).due_at
        outcome = deliver_due(now, _post)
    assert outcome.given_up == 2
    assert set(Alert.objects.values_list("status", "attempts")) == {("failed", MAX_ATTEMPTS)}
    sent_before = len(endpoint.posts)
    assert deliver_due(now + timedelta(days=1), _post).messages == 0 and len(endpoint.posts) == sent_before
    assert len(endpoint.posts) == 2 * MAX_ATTEMPTS  # every attempt really reached the endpoint


@pytest.mark.django_db
def test_an_alert_is_claimed_by_one_deliverer_only() -> None:
    fleet = _fleet(9)
    alerts_for(fleet["findings"][2:3], fleet["raised"])  # type: ignore[index]
    now = bj(2026, 11, 3, 23, 30)
    mine, theirs = alert_queries.due_alerts(now, 10), alert_queries.due_alerts(now, 10)
    assert len(mine) == 2
    assert alert_queries.claim(mine[0], now + timedelta(minutes=10))
    assert not alert_queries.claim(theirs[0], now + timedelta(minutes=10))
    assert [a.id for a in alert_queries.due_alerts(now, 10)] == [mine[1].id]
