"""Personas for permission tests (DESIGN.md §5): a bureau admin, an operator, a unit user of unit A, a unit
user of unit B, a proofreader and an outsider, over two units that each own a site, an account and an
open finding. Every persona's password is ``PASSWORD``. Import ``make_personas`` in a ``django_db`` test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from govwatch.services.access import ensure_user
from govwatch.storage.models import Account, Finding, Site, Unit

PASSWORD = "Persona-pass-2026"
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Personas:
    """Usernames by persona and the two units' rows."""

    admin: str
    operator: str
    unit_a: str
    unit_b: str
    proofreader: str
    outsider: str
    units: tuple[Unit, Unit]
    sites: tuple[Site, Site]
    accounts: tuple[Account, Account]
    findings: tuple[Finding, Finding]


def _unit_data(tag: str, name: str, host: str) -> tuple[Unit, Site, Account, Finding]:
    unit = Unit.objects.create(name=name, level="县")
    site = Site.objects.create(name=f"{name}门户网站", home_url=f"http://{host}/", unit=unit, level="县")
    account = Account.objects.create(platform="wechat", name=f"{name}发布", platform_id=f"gh_{tag}", unit=unit,
                                     level="县")
    finding = Finding.objects.create(site=site, fingerprint=f"fp-{tag}", code="column.stale",
                                     url=f"http://{host}/tzgg/", message=f"{name}：通知公告栏目超过6个月未更新",
                                     evidence={"latest": "2026-03-01"}, first_seen=NOW, last_seen=NOW)
    return unit, site, account, finding


def make_personas() -> Personas:
    """Create both units' data and the six personas; returns their usernames and rows."""
    a = _unit_data("a", "甲县人民政府", "www.jiaxian.gov.cn")
    b = _unit_data("b", "乙县人民政府", "www.yixian.gov.cn")
    ensure_user("p-admin", "admin", password=PASSWORD)
    ensure_user("p-operator", "operator", password=PASSWORD)
    ensure_user("p-unit-a", "unit", a[0].name, password=PASSWORD)
    ensure_user("p-unit-b", "unit", b[0].name, password=PASSWORD)
    ensure_user("p-proofreader", "proofreader", password=PASSWORD)
    get_user_model().objects.create_user("p-outsider", password=PASSWORD)
    return Personas("p-admin", "p-operator", "p-unit-a", "p-unit-b", "p-proofreader", "p-outsider",
                    (a[0], b[0]), (a[1], b[1]), (a[2], b[2]), (a[3], b[3]))
