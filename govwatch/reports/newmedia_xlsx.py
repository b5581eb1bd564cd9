"""``新媒体监测报告.xlsx`` (openpyxl): sheets 账号情况, 问题清单 and 整改建议 of the new-media report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from govwatch.reports.newmedia_model import NewMediaReport

_WIDTHS = {"账号名称": 22, "主办单位": 26, "描述": 60, "证据": 50, "整改建议": 50, "网址": 40, "涉及账号": 40}


def _sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
    for index, name in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, index).column_letter].width = _WIDTHS.get(name, 14)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def render_newmedia_xlsx(report: NewMediaReport) -> Workbook:
    """The report as an openpyxl Workbook (three sheets, header rows bold and frozen)."""
    book = Workbook()
    accounts = book.active
    assert accounts is not None
    accounts.title = "账号情况"
    _sheet(accounts, ("账号名称", "平台", "主办单位", "级别", "最新发布", "本期发布条数", "结论", "问题数", "说明"),
           [(r.name, r.platform, r.unit, r.level, r.latest_post, r.posts_in_period, r.verdict, r.problems, r.note)
            for r in report.rows])
    _sheet(book.create_sheet("问题清单"),
           ("序号", "账号名称", "平台", "主办单位", "问题", "类别", "描述", "证据", "网址", "首次发现", "最近发现", "状态",
            "整改建议"),
           [(i, p.account, p.platform, p.unit, p.title, "单项否决" if p.veto else "提示", p.message,
             "\n".join(f"{e.label}：{'；'.join(e.lines)}" for e in p.evidence), p.url, p.first_seen, p.last_seen,
             p.status, p.fix) for i, p in enumerate(report.problems, start=1)])
    _sheet(book.create_sheet("整改建议"), ("问题", "账号数", "涉及账号", "整改建议"),
           [(s.title, len(s.accounts), "、".join(s.accounts), s.fix) for s in report.suggestions])
    return book


def write_newmedia_xlsx(report: NewMediaReport, path: Path) -> Path:
    """Write the xlsx to ``path``; returns it. Raises OSError when it cannot be written."""
    render_newmedia_xlsx(report).save(path)
    return path
