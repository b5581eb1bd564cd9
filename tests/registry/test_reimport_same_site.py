"""Re-importing a registry where a homepage URL changed only in spelling (http → https, a trailing
slash) or only the 网站标识码 names the site updates that site instead of creating a duplicate; a
网站标识码 used twice (in the file or by another registered site) is a bad row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from registry_data import NOW, SITES

from govwatch.services.registry_io import import_registry
from govwatch.storage.models import ProbeTarget, Site

pytestmark = pytest.mark.django_db

MakeXlsx = Callable[..., Path]


def _with(rows: list[list[object]], name: str, **changes: object) -> list[list[object]]:
    columns = {"url": 1, "code": 2}
    out = [list(r) for r in rows]
    for r in out:
        if r[0] == name:
            for field, value in changes.items():
                r[columns[field]] = value
    return out


@pytest.mark.parametrize("new_url, stored", [
    ("https://jyj.yunling.gov.cn/", "https://jyj.yunling.gov.cn/"),  # scheme changed
    ("https://jyj.yunling.gov.cn", "https://jyj.yunling.gov.cn/"),  # scheme changed, no slash
])
def test_scheme_change_updates_the_site(make_xlsx: MakeXlsx, new_url: str, stored: str) -> None:
    assert import_registry(make_xlsx("a.xlsx", sites=SITES), now=NOW).ok
    site_pk = Site.objects.get(name="云岭市教育局").pk
    result = import_registry(make_xlsx("b.xlsx", sites=_with(SITES, "云岭市教育局", url=new_url)), now=NOW)
    assert result.ok, result.problems
    assert (result.sites.created, result.sites.updated) == (0, 1)
    assert Site.objects.count() == len(SITES)
    site = Site.objects.get(site_id_code="5301000012")
    assert site.pk == site_pk and site.home_url == stored
    assert ProbeTarget.objects.get(site=site, kind=ProbeTarget.Kind.HOME).url == stored


def test_trailing_slash_on_a_path_is_the_same_site(make_xlsx: MakeXlsx) -> None:
    rows = _with(SITES, "云岭市教育局", url="http://www.yunling.gov.cn/jyj/", code="")
    assert import_registry(make_xlsx("a.xlsx", sites=rows), now=NOW).ok
    rows = _with(SITES, "云岭市教育局", url="https://www.yunling.gov.cn/jyj", code="")
    result = import_registry(make_xlsx("b.xlsx", sites=rows), now=NOW)
    assert result.ok and result.sites.created == 0
    assert Site.objects.get(name="云岭市教育局").home_url == "https://www.yunling.gov.cn/jyj"


def test_moved_homepage_found_by_site_id_code(make_xlsx: MakeXlsx) -> None:
    assert import_registry(make_xlsx("a.xlsx", sites=SITES), now=NOW).ok
    result = import_registry(make_xlsx("b.xlsx", sites=_with(SITES, "云岭市教育局", url="http://edu.yunling.gov.cn/")),
                             now=NOW)
    assert result.ok and (result.sites.created, result.sites.updated) == (0, 1)
    assert Site.objects.get(site_id_code="5301000012").home_url == "http://edu.yunling.gov.cn/"


def test_duplicate_site_id_code_in_the_file_is_a_bad_row(make_xlsx: MakeXlsx) -> None:
    rows = _with(SITES, "云岭市公安局", code="5301000012")  # 云岭市教育局's code
    result = import_registry(make_xlsx(sites=rows), now=NOW)
    assert not result.ok and Site.objects.count() == 0
    assert any(p.column == "网站标识码" and "与第 6 行重复" in p.message for p in result.problems), result.problems


def test_same_site_twice_in_the_file_up_to_the_scheme(make_xlsx: MakeXlsx) -> None:
    rows = [*SITES, ["云岭市教育局（新）", "https://jyj.yunling.gov.cn", "", "云岭市教育局", "市", "部门",
                     "云岭市人民政府"]]
    result = import_registry(make_xlsx(sites=rows), now=NOW)
    assert not result.ok
    assert any("仅协议或末尾斜杠不同" in p.message for p in result.problems), result.problems


def test_site_id_code_of_another_registered_site_is_a_bad_row(make_xlsx: MakeXlsx) -> None:
    assert import_registry(make_xlsx("a.xlsx", sites=SITES), now=NOW).ok
    rows = [r for r in _with(SITES, "云岭市公安局", code="5301000012") if r[0] != "云岭市教育局"]
    result = import_registry(make_xlsx("b.xlsx", sites=rows), now=NOW)
    assert not result.ok
    assert [p.message for p in result.problems] == [
        "网站标识码“5301000012”已属于已登记的另一网站 云岭市教育局（http://jyj.yunling.gov.cn/）"]
    assert Site.objects.get(name="云岭市公安局").site_id_code == "5301000014"
