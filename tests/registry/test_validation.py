"""Bad rows: every one reported with its Excel row number and a Chinese reason; nothing imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from registry_data import ACCOUNTS, CITY, NOW, SITE_HEADER, SITES

from govwatch.services.registry_io import RegistryFileError, import_registry
from govwatch.storage.models import Account, ProbeTarget, ScanSchedule, Site, Unit

pytestmark = pytest.mark.django_db

BAD_SITES = [
    SITES[0],                                                                               # row 2: good
    ["云岭市水务局", "www.slj.yunling.gov.cn", "5301000020", "云岭市水务局", "市", "部门", CITY],    # 3: no scheme
    ["云岭市林业局", "http://lyj.yunling.gov.cn/", "5301000021", "云岭市林业局", "省", "部门", CITY],  # 4: level
    ["", "http://tyj.yunling.gov.cn/", "5301000022", "云岭市体育局", "市", "部门", CITY],           # 5: no name
    ["云岭市审计局", "http://sjj.yunling.gov.cn/", "530100002", "云岭市审计局", "市", "部门", CITY],  # 6: 9 chars
    ["云岭市教育局（重复）", "http://JYJ.yunling.gov.cn", "5301000023", "云岭市教育局", "市", "部门", CITY],  # 7: dup of 11
    ["云岭市统计局", "http://tjj.yunling.gov.cn/", "5301000024", "云岭市统计局", "市", "部门", "云岭市政府"],  # 8: no parent
    ["云岭市民政局", "http://mzj.yunling.gov.cn/", "5301000025", "云岭市民政局", "市", "部门", ""],    # 9: dept w/o parent
    ["云岭市档案馆", "http://daj.yunling.gov.cn/", "5301-00002", "云岭市档案馆", "市", "网站", "云岭市公安局"],  # 10: 3
    ["云岭市公安局", "http://gaj.yunling.gov.cn/", "5301000014", "云岭市公安局", "市", "部门", CITY],  # 11: good
    SITES[4],                                                                               # 12: good
]
BAD_ACCOUNTS = [
    ACCOUNTS[0],                                                  # row 2: good
    ["快手", "云岭发布", "ylfb_ks", "中共云岭市委宣传部", "市"],          # 3: platform
    ["微信", "云岭发布（重复）", "yunlingfabu", "中共云岭市委宣传部", "市"],  # 4: same account as row 2
    ["微博", "", "https://weibo.com/x", "", "县"],                  # 5: name and unit empty
]


def test_every_bad_row_is_reported_and_nothing_is_imported(make_xlsx: Callable[..., Path]) -> None:
    result = import_registry(make_xlsx(sites=BAD_SITES, accounts=BAD_ACCOUNTS), now=NOW)
    assert not result.ok
    found = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert set(found) == {
        ("网站", 3, "首页网址"), ("网站", 4, "级别"), ("网站", 5, "网站名称"), ("网站", 6, "网站标识码"),
        ("网站", 12, "首页网址"), ("网站", 8, "上级门户"), ("网站", 9, "上级门户"), ("网站", 10, "网站标识码"),
        ("网站", 10, "类型"), ("网站", 10, "上级门户"),
        ("新媒体账号", 3, "平台"), ("新媒体账号", 4, "账号ID/主页"), ("新媒体账号", 5, "账号名称"),
        ("新媒体账号", 5, "主办单位"),
    }
    assert "http://" in found[("网站", 3, "首页网址")]
    assert "“省”无效" in found[("网站", 4, "级别")] and "乡镇" in found[("网站", 4, "级别")]
    assert "不能为空" in found[("网站", 5, "网站名称")]
    assert "10 位" in found[("网站", 6, "网站标识码")] and "9 位" in found[("网站", 6, "网站标识码")]
    assert "与第 7 行重复" in found[("网站", 12, "首页网址")]
    assert "“云岭市政府”" in found[("网站", 8, "上级门户")] and "找不到" in found[("网站", 8, "上级门户")]
    assert "部门网站必须填写上级门户" in found[("网站", 9, "上级门户")]
    assert "是部门网站" in found[("网站", 10, "上级门户")]
    assert "“快手”无效" in found[("新媒体账号", 3, "平台")]
    assert "与第 2 行是同一账号" in found[("新媒体账号", 4, "账号ID/主页")]
    assert "第 8 行［上级门户］" in str(next(p for p in result.problems if p.row == 8))
    assert result.sites.created == 0
    for model in (Site, Account, Unit, ProbeTarget, ScanSchedule):
        assert not model.objects.exists()


def test_a_bad_file_leaves_the_database_as_it_was(registry_xlsx: Path, make_xlsx: Callable[..., Path]) -> None:
    import_registry(registry_xlsx, now=NOW)
    before = (list(Site.objects.order_by("pk").values()), list(Account.objects.order_by("pk").values()),
              Unit.objects.count())
    renamed = [[*row[:3], f"{row[3]}（新）", *row[4:]] for row in SITES]  # new units
    result = import_registry(make_xlsx(sites=[*renamed, ["", "", "", "", "", "", ""], ["坏行", "ftp://x.gov.cn/", "", "某单位", "市", "门户", ""]],
                                       accounts=[["微信", "新号", "xinhao", "新单位", "市"]]), now=NOW)
    assert [(p.row, p.column) for p in result.problems] == [(17, "首页网址")]  # row 16 is empty: skipped
    after = (list(Site.objects.order_by("pk").values()), list(Account.objects.order_by("pk").values()),
             Unit.objects.count())
    assert after == before


def test_missing_required_columns_are_named(make_xlsx: Callable[..., Path]) -> None:
    header = [h for h in SITE_HEADER if h not in ("首页网址", "类型")]
    with pytest.raises(RegistryFileError) as exc:
        import_registry(make_xlsx(sites=[["云岭市人民政府", "5301000001", "办公室", "市", ""]], site_header=header))
    assert "缺少必需的列：首页网址、类型" in str(exc.value) and "“网站”" in str(exc.value)


def test_optional_columns_may_be_absent(make_xlsx: Callable[..., Path]) -> None:
    header = ["网站名称", "首页网址", "主办单位", "级别", "类型"]
    result = import_registry(make_xlsx(sites=[["云岭市人民政府", CITY, "云岭市人民政府办公室", "市", "门户"]],
                                       site_header=header), now=NOW)
    assert result.ok and Site.objects.get().site_id_code == ""


def test_a_workbook_without_registry_sheets_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(RegistryFileError, match="没有找到名为“网站”或“新媒体账号”的工作表"):
        import_registry(tmp_path / "x.xlsx")
    (tmp_path / "x.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RegistryFileError, match=r"另存为 \.xlsx"):
        import_registry(tmp_path / "x.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(RegistryFileError, match="不是有效的 xlsx"):
        import_registry(tmp_path / "broken.xlsx")


def test_parent_loops_and_ambiguous_names(make_xlsx: Callable[..., Path]) -> None:
    rows = [
        ["甲县人民政府", "http://www.jia.gov.cn/", "", "甲县政府办", "县", "门户", "http://www.yi.gov.cn/"],
        ["乙县人民政府", "http://www.yi.gov.cn/", "", "乙县政府办", "县", "门户", "甲县人民政府"],
        ["丙县人民政府", "http://www.bing.gov.cn/", "", "丙县政府办", "县", "门户", "丙县人民政府"],
        ["同名门户", "http://www.a.gov.cn/", "", "甲", "县", "门户", ""],
        ["同名门户", "http://www.b.gov.cn/", "", "乙", "县", "门户", ""],
        ["某部门", "http://bm.a.gov.cn/", "", "丙", "县", "部门", "同名门户"],
    ]
    found = {(p.row, p.column): p.message for p in import_registry(make_xlsx(sites=rows), now=NOW).problems}
    assert set(found) == {(2, "上级门户"), (3, "上级门户"), (4, "上级门户"), (7, "上级门户")}
    assert "循环" in found[(2, "上级门户")] and "循环" in found[(3, "上级门户")]
    assert "不能是网站自己" in found[(4, "上级门户")]
    assert "对应多个网站" in found[(7, "上级门户")] and "请改填其首页网址" in found[(7, "上级门户")]


def test_a_renamed_portal_is_found_by_its_new_name_only(make_xlsx: Callable[..., Path]) -> None:
    import_registry(make_xlsx("a.xlsx", sites=SITES[:1]), now=NOW)
    rows = [["云岭市人民政府门户网站", CITY, "5301000001", "云岭市人民政府办公室", "市", "门户", ""],
            ["云岭市教育局", "http://jyj.yunling.gov.cn/", "", "云岭市教育局", "市", "部门", "云岭市人民政府"]]
    found = import_registry(make_xlsx("b.xlsx", sites=rows), now=NOW).problems
    assert [(p.row, p.column) for p in found] == [(3, "上级门户")]
    rows[1][6] = "云岭市人民政府门户网站"
    assert import_registry(make_xlsx("c.xlsx", sites=rows), now=NOW).ok
