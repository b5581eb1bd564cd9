"""The bulletin's tables as an xlsx workbook (openpyxl): one sheet per table — 排名, 问题分布, 整改, plus
否决与不合格, 趋势 and 新媒体 — each with a bold frozen header row, column widths and Chinese headers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from govwatch.reports.bulletin import tables as t
from govwatch.reports.bulletin.model import Bulletin

WIDTHS = {"网站名称": 30, "主办单位": 26, "类别": 14, "原因": 40, "首页网址": 34, "指标": 34, "问题": 40,
          "账号": 22, "季度": 16, "证据": 60, "描述": 50, "整改建议": 40, "网址": 40, "问题类型": 30}
HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")


def fill_sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Worksheet:
    """Write ``header`` (bold, shaded, frozen) and ``rows`` into ``ws``; text that looks like a formula stays
    text, characters xlsx cannot hold are dropped; widths by header name (default 12)."""
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, name in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, index).column_letter].width = WIDTHS.get(name, 12)
    ws.freeze_panes = "A2"
    return ws


def _table_sheet(book: Workbook, title: str, data: t.TableData) -> Worksheet:
    return fill_sheet(book.create_sheet(title), data.header, data.rows)


def render_bulletin_xlsx(b: Bulletin) -> Workbook:
    """The workbook: 排名, 问题分布 (by indicator, then by unit under a blank row), 整改, 否决与不合格, 趋势,
    新媒体."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _table_sheet(book, "排名", t.ranking(b))
    problems = t.by_indicator(b)
    units = t.by_unit(b)
    ws = fill_sheet(book.create_sheet("问题分布"), ("分类", "名称", "问题数", "已解决"),
                    [("按指标", *row) for row in problems.rows] + [("按单位", *row) for row in units.rows])
    ws.column_dimensions["B"].width = 34
    _table_sheet(book, "整改", t.rectification(b))
    _table_sheet(book, "否决与不合格", t.failing(b))
    _table_sheet(book, "趋势", t.trend(b))
    _table_sheet(book, "新媒体", t.media(b))
    return book


def write_bulletin_xlsx(b: Bulletin, path: Path) -> Path:
    """Write the xlsx to ``path``; returns it. Raises OSError when it cannot be written."""
    render_bulletin_xlsx(b).save(str(path))
    return path
