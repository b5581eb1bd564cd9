"""Importing a real-shaped registry workbook: create, re-import unchanged, update one cell, dry run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from registry_data import ACCOUNTS, NOW, SITES

from govwatch.services.registry_io import SheetKind, import_registry
from govwatch.storage.models import Account, ProbeTarget, ScanSchedule, Site, Unit

pytestmark = pytest.mark.django_db


def test_realistic_workbook_creates_sites_accounts_units_and_parents(registry_xlsx: Path) -> None:
    result = import_registry(registry_xlsx, now=NOW)
    assert result.ok and result.kinds == (SheetKind.SITES, SheetKind.ACCOUNTS)
    assert (result.sites.created, result.sites.updated, result.sites.unchanged) == (14, 0, 0)
    assert (result.accounts.created, result.accounts.updated, result.accounts.unchanged) == (5, 0, 0)
    assert Site.objects.count() == 14 and Account.objects.count() == 5
    unit_names = {row[3] for row in SITES} | {row[3] for row in ACCOUNTS}
    assert set(Unit.objects.values_list("name", flat=True)) == unit_names
    assert result.units_created == len(unit_names)

    city = Site.objects.get(home_url="http://www.yunling.gov.cn/")
    assert city.kind == "portal" and city.level == "市" and city.parent is None
    assert city.unit.name == "云岭市人民政府办公室" and city.unit.level == "市"
    # Parents by name, by URL without the slash, by another spelling of the URL.
    assert set(city.departments.values_list("name", flat=True)) == {
        "东川县人民政府", "西山区人民政府", "南屏县人民政府", "云岭市教育局", "云岭市卫生健康委员会", "云岭市公安局",
        "云岭市财政局", "云岭市人力资源和社会保障局", "云岭市生态环境局", "云岭市市场监督管理局"}
    assert Site.objects.get(name="西山区卫生健康局").parent.home_url == "https://www.xishan.gov.cn/"
    assert Site.objects.get(name="南屏县农业农村局").parent.name == "南屏县人民政府"
    # Stored URLs are normalised; a numeric 网站标识码 cell reads as its digits; 县级 is 县.
    env = Site.objects.get(name="云岭市生态环境局")
    assert env.home_url == "http://sthjj.yunling.gov.cn/"
    nanping = Site.objects.get(name="南屏县人民政府")
    assert (nanping.site_id_code, nanping.level, nanping.home_url) == (
        "5301240001", "县", "http://www.nanping-x.gov.cn/index.html")
    weibo = Account.objects.get(platform="weibo", platform_id="https://weibo.com/u/5301000001")
    assert weibo.name == "云岭发布" and weibo.unit.name == "中共云岭市委宣传部" and weibo.level == "市"


def test_every_site_gets_its_home_probe_target_and_two_schedules(registry_xlsx: Path) -> None:
    result = import_registry(registry_xlsx, now=NOW)
    assert result.monitoring_created == 14 * 3
    for site in Site.objects.all():
        (target,) = ProbeTarget.objects.filter(site=site)
        assert (target.kind, target.url, target.next_probe_at) == ("home", site.home_url, NOW)
        schedules = {s.kind: s for s in ScanSchedule.objects.filter(site=site)}
        assert schedules["full"].interval_seconds == 7 * 86_400
        assert schedules["incremental"].interval_seconds == 24 * 3_600
        assert schedules["full"].next_run_at == schedules["incremental"].next_run_at == NOW


def test_reimporting_the_same_file_changes_nothing(registry_xlsx: Path) -> None:
    import_registry(registry_xlsx, now=NOW)
    before = list(Site.objects.order_by("pk").values())
    again = import_registry(registry_xlsx, now=NOW + timedelta(days=1))
    assert (again.sites.created, again.sites.updated, again.sites.unchanged) == (0, 0, 14)
    assert (again.accounts.created, again.accounts.updated, again.accounts.unchanged) == (0, 0, 5)
    assert again.units_created == 0 and again.monitoring_created == 0
    assert list(Site.objects.order_by("pk").values()) == before
    assert Account.objects.count() == 5 and ProbeTarget.objects.count() == 14
    assert set(ScanSchedule.objects.values_list("next_run_at", flat=True)) == {NOW}  # not pushed on


def test_one_modified_cell_updates_that_row_only(registry_xlsx: Path) -> None:
    import_registry(registry_xlsx, now=NOW)
    book = load_workbook(registry_xlsx)
    book["网站"]["D6"] = "云岭市教育体育局"  # row 6: 云岭市教育局's 主办单位
    book["网站"]["G8"] = "东川县人民政府"      # row 8: 云岭市公安局 moves under a county portal
    book["新媒体账号"]["B4"] = "云岭教育发布"  # row 4: the 云岭教育 account renamed
    book.save(registry_xlsx)

    result = import_registry(registry_xlsx, now=NOW)
    assert (result.sites.created, result.sites.updated, result.sites.unchanged) == (0, 2, 12)
    assert (result.accounts.created, result.accounts.updated, result.accounts.unchanged) == (0, 1, 4)
    assert result.units_created == 1
    assert Site.objects.get(name="云岭市教育局").unit.name == "云岭市教育体育局"
    assert Site.objects.get(name="云岭市公安局").parent.name == "东川县人民政府"
    assert Account.objects.get(platform="wechat", platform_id="yljyfb").name == "云岭教育发布"
    assert Site.objects.count() == 14 and Account.objects.count() == 5


def test_dry_run_counts_but_writes_nothing(registry_xlsx: Path) -> None:
    result = import_registry(registry_xlsx, now=NOW, dry_run=True)
    assert result.ok and result.dry_run
    assert (result.sites.created, result.accounts.created) == (14, 5)
    assert not Site.objects.exists() and not Unit.objects.exists() and not ScanSchedule.objects.exists()


def test_parents_are_found_in_the_database(make_xlsx: Callable[..., Path]) -> None:
    import_registry(make_xlsx("city.xlsx", sites=SITES[:1]), now=NOW)
    departments = [SITES[5], SITES[6]]  # parent by name, parent by URL
    result = import_registry(make_xlsx("departments.xlsx", sites=departments), now=NOW)
    assert result.ok, [str(p) for p in result.problems]
    assert result.kinds == (SheetKind.SITES,) and result.sites.created == 2
    city = Site.objects.get(home_url="http://www.yunling.gov.cn/")
    assert set(city.departments.values_list("name", flat=True)) == {"云岭市卫生健康委员会", "云岭市公安局"}


def test_a_url_spelled_differently_is_the_same_site(make_xlsx: Callable[..., Path]) -> None:
    import_registry(make_xlsx("a.xlsx", sites=SITES[:1]), now=NOW)
    row = ["云岭市人民政府门户网站", "HTTP://WWW.YUNLING.GOV.CN:80", "5301000001", "云岭市人民政府办公室", "市", "门户", ""]
    result = import_registry(make_xlsx("b.xlsx", sites=[row]), now=NOW)
    assert (result.sites.created, result.sites.updated) == (0, 1)
    assert list(Site.objects.values_list("name", "home_url")) == [("云岭市人民政府门户网站", "http://www.yunling.gov.cn/")]


def test_title_row_extra_columns_and_spaced_headers(make_xlsx: Callable[..., Path]) -> None:
    header = [" 网站名称 ", "首页网址", "网站标识码", "主办 单位", "级别", "类型", "上级门户", "备注"]
    rows = [[*SITES[0], "已上线"], [*SITES[4], ""]]
    path = make_xlsx(sites=rows, site_header=header, title="云岭市政府网站名录（2026年3月）")
    result = import_registry(path, now=NOW)
    assert result.ok and result.sites.created == 2
    assert Site.objects.get(name="云岭市教育局").unit.name == "云岭市教育局"
    # Row numbers stay those Excel shows: title = 1, header = 2, data from 3.
    bad = make_xlsx("bad.xlsx", sites=[[*SITES[0], ""], ["", "http://x.yunling.gov.cn/", "", "某单位", "市", "门户", "", ""]],
                    site_header=header, title="名录")
    assert [(p.row, p.column) for p in import_registry(bad, now=NOW).problems] == [(4, "网站名称")]
