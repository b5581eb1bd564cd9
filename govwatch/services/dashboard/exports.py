"""Downloads of the dashboard (issue #4 §1): the filtered findings list as xlsx (openpyxl) or csv, and a
run's stored report file. Each download is scoped through the Actor and written to the audit log
(``export`` for lists, ``download`` for files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.services.access import Actor, audit
from govwatch.services.dashboard.common import indicator_of
from govwatch.services.dashboard.lists import FindingQuery, findings
from govwatch.services.dashboard.site import report_file
from govwatch.storage.models import Finding

HEADERS = ("问题编号", "网站", "主办单位", "级别", "指标", "问题代码", "问题描述", "网址", "数量", "状态",
           "首次发现", "最近发现")
MAX_ROWS = 100_000
FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class Download:
    """A file to send: ``filename`` (Chinese allowed), ``content_type`` and the bytes."""

    filename: str
    content_type: str
    content: bytes


def _when(moment: datetime | None) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


def _rows(actor: Actor, query: FindingQuery) -> Iterator[tuple[object, ...]]:
    titles: dict[str, str] = {}
    for f in findings(actor, query)[:MAX_ROWS].iterator(chunk_size=2000):
        if f.code not in titles:
            ref = indicator_of(f.code)
            titles[f.code] = ref.title if ref else ""
        yield (f.id, f.site.name, f.site.unit.name, f.site.level, titles[f.code], f.code, f.message, f.url,
               f.count, Finding.Status(f.status).label, _when(f.first_seen), _when(f.last_seen))


def export_findings(actor: Actor, query: FindingQuery, fmt: str, ip: str | None = None,
                    now: datetime | None = None) -> Download:
    """The actor's findings matching ``query`` as ``fmt`` ('xlsx' or 'csv', UTF-8 with BOM so Excel reads
    it), at most MAX_ROWS rows; audited as an export. Raises ValueError for another format."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}")
    rows = list(_rows(actor, query))
    stamp = (now or utcnow()).astimezone(CHINA_TZ).strftime("%Y%m%d-%H%M")
    content = _xlsx(rows) if fmt == "xlsx" else _csv(rows)
    audit(actor, "export", summary=f"导出问题清单（{fmt}，{len(rows)} 条）", ip=ip, object_type="storage.finding")
    return Download(f"问题清单-{stamp}.{fmt}", FORMATS[fmt], content)


def _xlsx(rows: list[tuple[object, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "问题清单"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGHIJKL", (10, 28, 24, 6, 30, 26, 60, 50, 6, 8, 17, 17), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[tuple[object, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def download_report(actor: Actor, run_id: int, name: str, ip: str | None = None) -> tuple[Path, str]:
    """(path, download name) of a run's report file the actor may see, audited as a download; NotFound
    otherwise."""
    run, path = report_file(actor, run_id, name)
    audit(actor, "download", run, summary=f"下载报告文件 {name}（{run.site.name}）", ip=ip)
    return path, name
