"""Contract assessment: points lost per account and period → the fee deduction tier (issue #8 §6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from govwatch.core.errors import UsageError
from govwatch.services.access import AccessDenied, Actor, actor_of, ensure_user
from govwatch.services.desk import contract
from govwatch.storage.models import Account, AuditEvent, Unit


@pytest.mark.parametrize(("points", "city", "county"), [
    (0, 0, 0), (1, 0, 0), ("1.9", 0, 0), (2, 500, 100), (3, 500, 100), (19, 500, 100), ("19.9", 500, 100),
    (20, 2000, 400), (21, 2000, 400), (39, 2000, 400), ("39.5", 2000, 400), (40, 5000, 1000),
    (41, 5000, 1000), (100, 5000, 1000),
])
def test_tier_edges(points: object, city: int, county: int) -> None:
    lost = Decimal(str(points))
    assert contract.deduction(lost, "city") == city
    assert contract.deduction(lost, "county") == county
    assert contract.deduction(lost, "") == 0


def test_the_amount_never_falls_as_points_rise() -> None:
    for cls in ("city", "county"):
        amounts = [contract.deduction(Decimal(p) / 2, cls) for p in range(0, 200)]
        assert amounts == sorted(amounts)


def person(username: str, role: str, unit: str = "") -> Actor:
    ensure_user(username, role, unit, password="x-Pass-2026")
    return actor_of(get_user_model().objects.get(username=username))


@pytest.mark.django_db
def test_assessment_sums_checks_per_account_and_totals() -> None:
    city_unit = Unit.objects.create(name="市人民政府办公室", level="市")
    county_unit = Unit.objects.create(name="甲县人民政府", level="县")
    city = Account.objects.create(platform="wechat", name="市政府发布", platform_id="gh_c", unit=city_unit, level="市")
    county = Account.objects.create(platform="weibo", name="甲县发布", platform_id="jx", unit=county_unit, level="县")
    town = Account.objects.create(platform="wechat", name="某镇发布", platform_id="zz", unit=county_unit, level="乡镇")
    blank = Account.objects.create(platform="douyin", name="未定级账号", platform_id="dy", unit=county_unit)
    admin = person("admin", "admin")
    contract.record_check(admin, city.pk, "2026-Q3", "12", source="省政务新媒体季度检查")
    contract.record_check(admin, city.pk, "2026-Q3", "8.0")  # 20 in all → 2,000
    contract.record_check(admin, county.pk, "2026-Q3", "41")  # → 1,000
    contract.record_check(admin, town.pk, "2026-Q3", "2")  # county tier → 100
    contract.record_check(admin, blank.pk, "2026-Q3", "30")  # no level → 0, flagged
    contract.record_check(admin, city.pk, "2026-Q2", "1")
    result = contract.assessment(person("op", "operator"), "2026-Q3")
    table = [(r.account, r.class_label, r.checks, r.points, r.yuan) for r in result.rows]
    assert table == [("市政府发布", "市级账号", 2, Decimal("20.0"), 2000),
                     ("甲县发布", "县级账号", 1, Decimal("41.0"), 1000),
                     ("某镇发布", "县级账号", 1, Decimal("2.0"), 100),
                     ("未定级账号", "级别未登记", 1, Decimal("30.0"), 0)]
    assert result.yuan_by_class == {"city": 2000, "county": 1100} and result.total_yuan == 3100
    assert result.points_by_class == {"city": Decimal("20.0"), "county": Decimal("43.0")}
    assert result.total_points == Decimal("93.0") and result.unclassified == 1
    assert result.rows[0].tier == "扣分满 20 分档"
    assert contract.periods(admin) == ["2026-Q3", "2026-Q2"]
    assert contract.assessment(admin, "2026-Q2").total_yuan == 0
    assert AuditEvent.objects.filter(action="create", object_type="desk.contractcheck").count() == 6


@pytest.mark.django_db
def test_who_may_see_and_record() -> None:
    unit = Unit.objects.create(name="甲县人民政府", level="县")
    account = Account.objects.create(platform="wechat", name="甲县发布", platform_id="gh", unit=unit, level="县")
    with pytest.raises(AccessDenied):
        contract.record_check(person("op", "operator"), account.pk, "2026-Q3", "3")
    for who in (person("u", "unit", unit.name), person("pr", "proofreader")):
        with pytest.raises(AccessDenied):
            contract.assessment(who, "2026-Q3")
    admin = person("admin", "admin")
    for bad in ("-1", "abc", "10000"):
        with pytest.raises(UsageError):
            contract.record_check(admin, account.pk, "2026-Q3", bad)
    with pytest.raises(UsageError):
        contract.record_check(admin, account.pk, " ", "2")
