"""网站临时报备: a unit files a window, an operator decides; probes inside an approved window do not count."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from probekit import T0

from govwatch.sample.server import ServerThread
from govwatch.services.errors import UsageError
from govwatch.services.probes import (
    CONFIRM_AFTER,
    decide_maintenance,
    file_maintenance,
    run_due_probes,
    site_availability,
)
from govwatch.storage.models import MaintenanceWindow, Probe, ProbeTarget, Site

pytestmark = pytest.mark.django_db
MakeSite = Callable[..., Site]
HOUR = timedelta(hours=1)


def _users() -> tuple[object, object]:
    model = get_user_model()
    return model.objects.create_user("unit_a"), model.objects.create_user("operator", is_staff=True)


def _probe_at(now: datetime) -> None:
    """Make the site's home target due at ``now`` and run a round there."""
    ProbeTarget.objects.update(next_probe_at=now)
    run_due_probes(now=now, timeout=3)


def test_probes_inside_an_approved_window_are_excused(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(server.url + "/status/503")
    unit_user, operator = _users()
    window = file_maintenance(site, T0 + HOUR, T0 + 3 * HOUR, "  服务器迁移  ", unit_user, now=T0)
    assert (window.status, window.reason, window.filed_at, window.filed_by) == ("pending", "服务器迁移", T0, unit_user)
    decided = decide_maintenance(window, True, operator, now=T0 + timedelta(minutes=5))
    assert (decided.status, decided.decided_by, decided.decided_at) == ("approved", operator, T0 + timedelta(minutes=5))

    run_due_probes(now=T0, timeout=3)  # before the window: a failure awaiting confirmation
    run_due_probes(now=T0 + CONFIRM_AFTER, timeout=3)  # confirmed
    _probe_at(T0 + 2 * HOUR)  # inside: excused, no confirmation scheduled
    assert ProbeTarget.objects.get().confirm_due_at is None
    _probe_at(T0 + 3 * HOUR)  # the end is outside the window
    rows = list(Probe.objects.filter(recheck=False).order_by("at").values_list("at", "excused", "confirmed"))
    assert rows == [(T0, False, True), (T0 + 2 * HOUR, True, False), (T0 + 3 * HOUR, False, False)]

    result = site_availability(site, T0 + 4 * HOUR)
    assert (result.total, result.failures, result.excused) == (1, 1, 1)
    assert result.evidence["excused"] == 1 and result.evidence["maintenance"][0]["reason"] == "服务器迁移"
    assert any("报备期内的 1 次探测不计入" in note for note in result.notes)
    assert all("报备维护期间的 1 次探测未计入" in f.message for f in result.findings)


def test_an_approval_after_the_fact_excuses_probes_already_made(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(server.url + "/status/503")
    unit_user, operator = _users()
    window = file_maintenance(site, T0 + HOUR, T0 + 2 * HOUR, "网络割接", unit_user, now=T0)
    _probe_at(T0 + 90 * timedelta(minutes=1))  # while still pending: counted as usual …
    assert not Probe.objects.get().excused and ProbeTarget.objects.get().confirm_due_at is not None
    decide_maintenance(window, True, operator, now=T0 + 3 * HOUR)
    assert Probe.objects.get().excused  # … until the operator approves


def test_a_rejected_window_excuses_nothing(server: ServerThread, make_site: MakeSite) -> None:
    site = make_site(server.url + "/status/503")
    unit_user, operator = _users()
    window = file_maintenance(site, T0 + HOUR, T0 + 2 * HOUR, "例行维护", unit_user, now=T0)
    assert decide_maintenance(window, False, operator, now=T0).status == "rejected"
    _probe_at(T0 + 90 * timedelta(minutes=1))
    assert not Probe.objects.get().excused
    with pytest.raises(UsageError, match="已审核"):
        decide_maintenance(window, True, operator, now=T0)
    assert MaintenanceWindow.objects.get().status == "rejected"


@pytest.mark.parametrize("starts, ends, reason, words", [
    (T0 + HOUR, T0 + HOUR, "维护", "结束时间应晚于开始时间"),
    (T0 + HOUR, T0 + 2 * HOUR, "  ", "请填写报备原因"),
    (T0 - HOUR, T0 + HOUR, "维护", "须在维护开始前提交"),
])
def test_bad_filings_are_refused(make_site: MakeSite, starts: datetime, ends: datetime, reason: str,
                                 words: str) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    with pytest.raises(UsageError, match=words):
        file_maintenance(site, starts, ends, reason, None, now=T0)
    assert not MaintenanceWindow.objects.exists()


def test_naive_times_are_beijing_time(make_site: MakeSite) -> None:
    site = make_site("http://www.shilixian.gov.cn/")
    window = file_maintenance(site, datetime(2026, 5, 11, 22, 0), datetime(2026, 5, 12, 2, 0), "夜间升级", None,
                              now=T0)
    window.refresh_from_db()
    assert window.starts_at == T0 + 10 * HOUR  # 22:00 Beijing = 14:00 UTC; T0 is 04:00 UTC
