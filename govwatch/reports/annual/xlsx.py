"""``政府网站工作年度报表.xlsx`` (openpyxl): one sheet 年度报表 with Chinese headers 栏目 / 指标 / 数值 / 单位 /
数据来源 (待人工填报 for a blank value, highlighted), header row bold and frozen."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from govwatch.reports.annual.model import AnnualForm

HEADER = ("栏目", "指标", "数值", "单位", "数据来源")
WIDTHS = (14, 36, 28, 8, 14)
PENDING_FILL = PatternFill("solid", fgColor="FFF2CC")


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def render_annual_xlsx(form: AnnualForm) -> Workbook:
    """The form as a Workbook: a title row, the header row, one row per field in form order."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "年度报表"
    ws.append([_clean(form.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for section in form.sections:
        for f in section.fields:
            ws.append([section.title, f.label, _clean(f.value), f.unit, f.status])
            if f.pending:
                for cell in ws[ws.max_row]:
                    cell.fill = PENDING_FILL
            value = ws.cell(ws.max_row, 3)
            if isinstance(value.value, str) and value.value.startswith("="):
                value.data_type = "s"  # an entry that looks like a formula stays text
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(2, index).column_letter].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    return book


def write_annual_xlsx(form: AnnualForm, path: Path) -> Path:
    """Write the form to ``path`` (.xlsx) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    render_annual_xlsx(form).save(str(path))
    return path
