"""csv in the encodings Excel writes (GB18030/GBK, UTF-8 with BOM), and export → import round trips."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook
from registry_data import ACCOUNT_HEADER, ACCOUNTS, NOW, SITE_HEADER, SITES

from govwatch.services.errors import UsageError
from govwatch.services.registry_io import (
    RegistryFileError,
    SheetKind,
    export_registry,
    import_registry,
)
from govwatch.storage.models import Account, Site

pytestmark = pytest.mark.django_db


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as Excel writes it
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_gbk_csv_as_excel_in_china_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "网站名录.csv"
    data = _csv(SITE_HEADER, SITES).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8
    path.write_bytes(data)
    result = import_registry(path, now=NOW)
    assert result.ok and result.kinds == (SheetKind.SITES,) and result.sites.created == 14
    assert Site.objects.get(home_url="http://rsj.yunling.gov.cn/").name == "云岭市人力资源和社会保障局"
    assert Site.objects.get(name="东川县教育体育局").parent.name == "东川县人民政府"


def test_gb18030_only_characters(tmp_path: Path) -> None:
    row = ["䶮山镇人民政府", "http://www.yanshan-z.gov.cn/", "", "䶮山镇人民政府", "乡镇", "门户", ""]  # 䶮: not in GBK
    path = tmp_path / "镇.csv"
    path.write_bytes(_csv(SITE_HEADER, [row]).encode("gb18030"))
    assert import_registry(path, now=NOW).ok
    assert Site.objects.get().name == "䶮山镇人民政府"


def test_utf8_bom_csv_of_accounts(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_bytes(codecs.BOM_UTF8 + _csv(ACCOUNT_HEADER, ACCOUNTS).encode("utf-8"))
    result = import_registry(path, now=NOW)
    assert result.ok and result.kinds == (SheetKind.ACCOUNTS,) and result.accounts.created == 5
    assert Account.objects.get(platform="wechat", platform_id="yunlingfabu").name == "云岭发布"


def test_plain_utf8_csv_reports_rows_by_number(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(_csv(ACCOUNT_HEADER, [*ACCOUNTS, ["视频号", "云岭", "x", "某单位", "市"]]), encoding="utf-8")
    (problem,) = import_registry(path, now=NOW).problems
    assert (problem.sheet, problem.row, problem.column) == ("accounts.csv", 7, "平台")
    assert str(problem).startswith("“accounts.csv” 第 7 行［平台］：平台“视频号”无效")


def test_csv_whose_header_names_no_registry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    with pytest.raises(RegistryFileError, match="无法从表头判断"):
        import_registry(path)


def test_xlsx_round_trip_is_unchanged(registry_xlsx: Path, tmp_path: Path) -> None:
    import_registry(registry_xlsx, now=NOW)
    out = export_registry(tmp_path / "导出.xlsx")
    assert (out.sites, out.accounts) == (14, 5)
    book = load_workbook(out.path)
    assert book.sheetnames == ["网站", "新媒体账号"]
    sites = list(book["网站"].iter_rows(values_only=True))
    assert list(sites[0]) == SITE_HEADER and len(sites) == 15
    city = next(r for r in sites if r[0] == "云岭市人民政府")
    assert city[1:] == ("http://www.yunling.gov.cn/", "5301000001", "云岭市人民政府办公室", "市", "门户", None)
    dept = next(r for r in sites if r[0] == "云岭市生态环境局")
    assert (dept[1], dept[5], dept[6]) == ("http://sthjj.yunling.gov.cn/", "部门", "http://www.yunling.gov.cn/")
    assert list(next(book["新媒体账号"].iter_rows(values_only=True))) == ACCOUNT_HEADER

    again = import_registry(out.path, now=NOW)
    assert (again.sites.unchanged, again.sites.created, again.sites.updated) == (14, 0, 0)
    assert (again.accounts.unchanged, again.accounts.created, again.accounts.updated) == (5, 0, 0)


@pytest.mark.parametrize("kind, count", [(SheetKind.SITES, 14), (SheetKind.ACCOUNTS, 5)])
def test_csv_round_trip_is_unchanged(registry_xlsx: Path, tmp_path: Path, kind: SheetKind, count: int) -> None:
    import_registry(registry_xlsx, now=NOW)
    path = export_registry(tmp_path / "out.csv", kind).path
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == count + 1
    result = import_registry(path, now=NOW)
    counts = result.sites if kind is SheetKind.SITES else result.accounts
    assert result.kinds == (kind,) and (counts.unchanged, counts.created, counts.updated) == (count, 0, 0)


def test_export_refuses_csv_without_kind_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--kind"):
        export_registry(tmp_path / "out.csv")
    with pytest.raises(UsageError, match=r"\.xlsx 或 \.csv"):
        export_registry(tmp_path / "out.ods")


def test_export_of_an_empty_registry_is_a_template(tmp_path: Path) -> None:
    out = export_registry(tmp_path / "模板.xlsx")
    book = load_workbook(out.path)
    assert [list(ws.iter_rows(values_only=True)) for ws in book] == [[tuple(SITE_HEADER)], [tuple(ACCOUNT_HEADER)]]
    result = import_registry(out.path, now=NOW)
    assert result.ok and result.summary() == "网站：新增 0、更新 0、未变 0；新媒体账号：新增 0、更新 0、未变 0"


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    row = ["=云岭市人民政府", "http://www.yunling.gov.cn/", "", "=办公室", "市", "门户", ""]
    (tmp_path / "in.csv").write_text(_csv(SITE_HEADER, [row]), encoding="utf-8")
    import_registry(tmp_path / "in.csv", now=NOW)
    assert Site.objects.get().name == "=云岭市人民政府"
    out = export_registry(tmp_path / "out.xlsx")
    assert import_registry(out.path, now=NOW).sites.unchanged == 1
