"""ensure_site_monitoring (home probe target + two schedules) and the pure cell/URL rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_django import DjangoAssertNumQueries
from registry_data import NOW

from govwatch.services.registry_io import ensure_site_monitoring, ensure_sites_monitoring, normalize_home_url
from govwatch.services.registry_io.schema import cell_text
from govwatch.storage.models import ProbeTarget, ScanSchedule, Site, Unit


def _site(**fields: object) -> Site:
    unit = Unit.objects.create(name="云岭市人民政府办公室")
    return Site.objects.create(name="云岭市人民政府", home_url="http://www.yunling.gov.cn/", unit=unit, **fields)


@pytest.mark.django_db
def test_monitoring_rows_are_created_once() -> None:
    site = _site()
    assert ensure_site_monitoring(site, NOW) == 3
    assert ensure_site_monitoring(site, NOW + timedelta(hours=5)) == 0
    assert list(ProbeTarget.objects.values_list("kind", "name", "url", "next_probe_at")) == [
        ("home", "首页", "http://www.yunling.gov.cn/", NOW)]
    assert sorted(ScanSchedule.objects.values_list("kind", "interval_seconds", "next_run_at", "enabled")) == [
        ("full", 604_800, NOW, True), ("incremental", 86_400, NOW, True)]


@pytest.mark.django_db
def test_per_site_cadence_and_existing_schedules_are_kept() -> None:
    site = _site(full_scan_days=14, incremental_hours=6)
    ScanSchedule.objects.create(site=site, kind="full", interval_seconds=3_600, next_run_at=NOW - timedelta(days=1))
    assert ensure_site_monitoring(site, NOW) == 2
    schedules = {s.kind: s for s in ScanSchedule.objects.filter(site=site)}
    assert (schedules["full"].interval_seconds, schedules["full"].next_run_at) == (3_600, NOW - timedelta(days=1))
    assert (schedules["incremental"].interval_seconds, schedules["incremental"].next_run_at) == (21_600, NOW)


@pytest.mark.django_db
def test_home_target_follows_a_changed_homepage() -> None:
    site = _site()
    ensure_site_monitoring(site, NOW)
    site.home_url = "https://www.yunling.gov.cn/"
    site.save()
    assert ensure_site_monitoring(site, NOW) == 0
    assert list(ProbeTarget.objects.values_list("kind", "url")) == [("home", "https://www.yunling.gov.cn/")]


@pytest.mark.parametrize("raw, normal", [
    ("http://www.yunling.gov.cn", "http://www.yunling.gov.cn/"),
    ("HTTPS://WWW.Yunling.GOV.CN:443/Index.html#top", "https://www.yunling.gov.cn/Index.html"),
    ("http://www.yunling.gov.cn:8080/?b=2&a=1", "http://www.yunling.gov.cn:8080/?b=2&a=1"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
])
def test_normalize_home_url(raw: str, normal: str) -> None:
    assert normalize_home_url(raw) == normal


@pytest.mark.parametrize("raw", ["", "www.yunling.gov.cn", "ftp://www.yunling.gov.cn/", "http:///a", "http://yunling/",
                                 "http://www.yun ling.gov.cn/", "http://www.yunling.gov.cn:99999/", "javascript:alert(1)"])
def test_bad_home_urls_are_refused_in_chinese(raw: str) -> None:
    with pytest.raises(ValueError, match="不是有效网址"):
        normalize_home_url(raw)


@pytest.mark.parametrize("value, text", [(None, ""), (5301000001, "5301000001"), (5301000001.0, "5301000001"),
                                         (1.5, "1.5"), ("\u3000云岭 \xa0", "云岭"), (True, "是")])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.django_db
def test_many_sites_take_a_constant_number_of_queries(django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    unit = Unit.objects.create(name="云岭市人民政府办公室")
    sites = [Site.objects.create(name=f"部门{i}", home_url=f"http://d{i}.yunling.gov.cn/", unit=unit) for i in range(30)]
    ensure_site_monitoring(sites[0], NOW)
    with django_assert_max_num_queries(6):
        assert ensure_sites_monitoring(sites, NOW) == 29 * 3
    assert ScanSchedule.objects.count() == 60 and ProbeTarget.objects.filter(kind="home").count() == 30
