"""Automatic tickets: a confirmed failed homepage probe and an open veto finding each open one ticket, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from govwatch.services.desk import autoraise
from govwatch.services.desk.autoraise import raise_automatic
from govwatch.services.periodic import run_job
from govwatch.storage.desk.models import Ticket
from govwatch.storage.models import Account, AccountFinding, Finding, Probe, Site, Unit

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)

pytestmark = pytest.mark.django_db


def site() -> Site:
    unit = Unit.objects.create(name="甲县人民政府", level="县")
    return Site.objects.create(name="甲县人民政府门户网站", home_url="http://www.jiaxian.gov.cn/", unit=unit, level="县")


def probe(s: Site, at: datetime, ok: bool = False, confirmed: bool = True, **extra: object) -> Probe:
    return Probe.objects.create(site=s, url=s.home_url, at=at, ok=ok, seconds=15.0, status=None if ok else 503,
                                error="" if ok else "http", confirmed=confirmed, **extra)


def test_veto_codes_come_from_the_rulebook() -> None:
    codes = autoraise.veto_codes()
    assert {"availability.veto", "homepage.stale", "content.serious_error", "account.stale"} <= codes
    assert "column.stale" not in codes  # a deduction, not a veto


def test_a_confirmed_homepage_failure_opens_one_fault_ticket() -> None:
    s = site()
    probe(s, T0, confirmed=False)  # awaiting its re-probe: nothing yet
    probe(s, T0 + MIN, ok=False, confirmed=False, recheck=True)
    assert raise_automatic(T0 + 2 * MIN).probes == 0
    Probe.objects.filter(at=T0).update(confirmed=True)
    assert raise_automatic(T0 + 3 * MIN).probes == 1
    ticket = Ticket.objects.get()
    assert (ticket.kind, ticket.source, ticket.source_ref, ticket.unit_id) == ("fault", "probe", f"site:{s.pk}", s.unit_id)
    assert ticket.raised_at == T0 + 3 * MIN and "503" in ticket.detail
    probe(s, T0 + 10 * MIN)  # still down: same open ticket
    assert raise_automatic(T0 + 12 * MIN).probes == 0 and Ticket.objects.count() == 1
    Ticket.objects.update(status="closed", closed_at=T0 + 13 * MIN)
    assert raise_automatic(T0 + 14 * MIN).probes == 0  # failures already handled by the closed ticket
    probe(s, T0 + 60 * MIN)  # a new outage after the ticket → a new ticket
    assert raise_automatic(T0 + 62 * MIN).probes == 1 and Ticket.objects.count() == 2


def test_excused_and_old_failures_open_nothing() -> None:
    s = site()
    probe(s, T0, excused=True)
    probe(s, T0 - timedelta(hours=7))
    assert raise_automatic(T0 + MIN).probes == 0


def test_a_veto_finding_opens_one_ticket_ever() -> None:
    s = site()
    veto = Finding.objects.create(site=s, fingerprint="v", code="homepage.stale", message="首页超过2周未更新",
                                  url=s.home_url, first_seen=T0, last_seen=T0)
    Finding.objects.create(site=s, fingerprint="d", code="column.stale", message="栏目未更新", first_seen=T0, last_seen=T0)
    account = Account.objects.create(platform="wechat", name="甲县发布", platform_id="gh_a", unit=s.unit, level="县")
    AccountFinding.objects.create(account=account, fingerprint="x", code="account.stale", message="2周未更新",
                                  first_seen=T0, last_seen=T0)
    assert raise_automatic(T0 + MIN).findings == 2
    refs = sorted(Ticket.objects.values_list("source_ref", "kind", "priority"))
    assert refs == [(f"account_finding:{AccountFinding.objects.get().pk}", "content", "high"),
                    (f"finding:{veto.pk}", "content", "high")]
    Ticket.objects.update(status="closed", closed_at=T0 + 2 * MIN)
    assert raise_automatic(T0 + 2 * MIN).findings == 0
    line = run_job("desk.sla", T0 + 3 * MIN)
    assert "自动创建工单" not in line


def test_an_availability_veto_is_a_fault() -> None:
    s = site()
    Finding.objects.create(site=s, fingerprint="a", code="availability.veto", message="无法访问比例超过5%",
                           first_seen=T0, last_seen=T0)
    assert "自动创建工单 1 个" in run_job("desk.sla", T0 + MIN)
    assert Ticket.objects.get().kind == "fault"
