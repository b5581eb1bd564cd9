"""Ledger export (issue #8 §3): the visible publications as CSV (UTF-8 with BOM, opens in Excel) or xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from govwatch.core.clock import CHINA_TZ
from govwatch.storage.ledger.models import Publication

HEADER = ("序号", "网站", "栏目", "标题", "网址", "来源单位", "编辑", "审核人", "发布时间", "类型", "来源方式",
          "录入人", "发布后修改次数")
MAX_ROWS = 100_000


def rows(publications: QuerySet[Publication]) -> list[tuple[object, ...]]:
    """One tuple per publication in HEADER order (at most MAX_ROWS)."""
    qs = publications.select_related("site", "entered_by").prefetch_related("changes")[:MAX_ROWS]
    return [(i, p.site.name, p.column_name, p.title, p.url, p.source_unit, p.editor, p.reviewer,
             p.published_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"), p.get_kind_display(),
             p.get_origin_display(), p.entered_by.get_username() if p.entered_by else "", len(p.changes.all()))
            for i, p in enumerate(qs, start=1)]


def _safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(table: Iterable[Sequence[object]]) -> bytes:
    """HEADER plus ``table`` as CSV bytes (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([_safe(v) for v in row] for row in table)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: Iterable[Sequence[object]]) -> bytes:
    """HEADER plus ``table`` as an xlsx workbook (sheet 信息发布台账, bold frozen header)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "信息发布台账"
    ws.append(list(HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
