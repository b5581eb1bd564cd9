"""Exporting the registry in the shape the importer reads: xlsx with sheets 网站 and 新媒体账号, or one
csv (UTF-8 with BOM, so Excel opens it) of sites or of accounts. Importing the export changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govwatch.core.errors import UsageError
from govwatch.services.registry_io.reader import CSV_SUFFIXES, XLSX_SUFFIXES
from govwatch.services.registry_io.schema import (
    COLUMNS,
    LEVEL_LABELS,
    PLATFORM_LABELS,
    SITE_CODE,
    SITE_KIND_LABELS,
    SheetKind,
)
from govwatch.storage.registry_queries import (
    AccountRecord,
    SiteRecord,
    accounts_for_export,
    sites_for_export,
)

_WIDTHS = {"网站名称": 30, "首页网址": 40, "网站标识码": 14, "主办单位": 30, "上级门户": 40,
           "账号名称": 30, "账号ID/主页": 40}
_CHOICES = {"级别": "市,县,乡镇", "类型": "门户,部门", "平台": "微信,微博,抖音,政务APP,其他"}


@dataclass(frozen=True)
class ExportResult:
    """The file written and how many sites and accounts it holds."""

    path: Path
    sites: int
    accounts: int


def site_row(r: SiteRecord) -> list[str]:
    """A site as cells in :data:`~.schema.SITE_COLUMNS` order (上级门户 as the parent's 首页网址)."""
    return [r.name, r.home_url, r.site_id_code, r.unit, LEVEL_LABELS.get(r.level, r.level),
            SITE_KIND_LABELS.get(r.kind, r.kind), r.parent_url]


def account_row(r: AccountRecord) -> list[str]:
    """An account as cells in :data:`~.schema.ACCOUNT_COLUMNS` order."""
    return [PLATFORM_LABELS.get(r.platform, r.platform), r.name, r.platform_id, r.unit,
            LEVEL_LABELS.get(r.level, r.level), r.feed_url]


def export_registry(path: Path | str, kind: SheetKind | None = None) -> ExportResult:
    """Write the registry to ``path`` (.xlsx: both sheets, or only ``kind``; .csv: ``kind`` required).

    Raises UsageError for another suffix, a csv without ``kind``, or a file that cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise UsageError(f"{path.name}：只能导出为 .xlsx 或 .csv 文件")
    if suffix in CSV_SUFFIXES and kind is None:
        raise UsageError("导出 csv 时请用 --kind 指定 sites（网站）或 accounts（新媒体账号）")
    kinds = [kind] if kind else list(SheetKind)
    rows = {SheetKind.SITES: [site_row(r) for r in sites_for_export()] if SheetKind.SITES in kinds else [],
            SheetKind.ACCOUNTS: [account_row(r) for r in accounts_for_export()]
            if SheetKind.ACCOUNTS in kinds else []}
    try:
        if suffix in CSV_SUFFIXES:
            _write_csv(path, COLUMNS[kinds[0]], rows[kinds[0]])
        else:
            _write_xlsx(path, {k: rows[k] for k in kinds})
    except OSError as exc:
        raise UsageError(f"无法写入文件 {path}：{exc.strerror or exc}") from exc
    return ExportResult(path, len(rows[SheetKind.SITES]), len(rows[SheetKind.ACCOUNTS]))


def _write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _write_xlsx(path: Path, sheets: dict[SheetKind, list[list[str]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    for kind, rows in sheets.items():
        ws = book.create_sheet(kind.value)
        ws.append(list(COLUMNS[kind]))
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, header in enumerate(COLUMNS[kind], start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = _WIDTHS.get(header, 10)
            if header == SITE_CODE:  # text, so Excel keeps the code as typed
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "@"
            if header in _CHOICES:
                rule = DataValidation(type="list", formula1=f'"{_CHOICES[header]}"', allow_blank=True)
                rule.add(f"{letter}2:{letter}10000")
                ws.add_data_validation(rule)
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if cell.data_type == "f":  # a name starting with '=' is text, not a formula
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
    book.save(path)
