"""A stored site's 监测报告 (``SiteRecord``) as PDF (WeasyPrint, A4, Noto CJK, page numbers) and xlsx
(sheets 概况, 指标情况, 问题清单 — every finding with its evidence); and a scan's ``Report`` as PDF from
its report.html."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openpyxl import Workbook

from govwatch.reports.bulletin.pdf_render import print_css, write_pdf_html
from govwatch.reports.bulletin.xlsx_render import fill_sheet
from govwatch.reports.html_report import TEMPLATES, render_html
from govwatch.reports.model import Report
from govwatch.reports.site_record import SiteRecord, record_from_report

PAGE_NUMBERS = '<style>@page { @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; } }</style>'


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def record_html(record: SiteRecord) -> str:
    """The print HTML of a SiteRecord (autoescaped: evidence copied from sites may hold markup)."""
    return _environment().get_template("site_record.html.j2").render(r=record, css=print_css())


def write_record_pdf(record: SiteRecord, path: Path) -> Path:
    """Write the SiteRecord's PDF to ``path``; returns it. Raises OSError when it cannot be written."""
    return write_pdf_html(record_html(record), path)


def write_report_pdf(report: Report, path: Path) -> Path:
    """Write a scan's report.html (A4 already) as PDF with page numbers to ``path``; returns it."""
    return write_pdf_html(render_html(report).replace("</head>", PAGE_NUMBERS + "</head>", 1), path)


def render_record_xlsx(record: SiteRecord) -> Workbook:
    """Workbook with 概况, 指标情况 and 问题清单 (header rows frozen)."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "概况"
    total = "—" if record.total is None else record.total
    fill_sheet(first, ("项目", "内容"), [
        ("网站名称", record.site), ("首页网址", record.home_url), ("主办单位", record.unit),
        ("网站标识码", record.site_id_code or "未登记"), ("网站类型", record.kind_text),
        ("周期", f"{record.period_title}（{record.period_label}）"), ("本期结论", record.verdict or "本期尚未评分"),
        ("总分", total), ("单项否决", "、".join(record.vetoes) or "无"), ("生成时间", record.generated_at)])
    first.column_dimensions["B"].width = 60
    fill_sheet(book.create_sheet("指标情况"), ("类别", "指标", "结果", "扣分", "问题数"),
               [(i.kind_label, i.title, i.status, i.points_lost, i.problems) for i in record.indicators])
    fill_sheet(book.create_sheet("问题清单"),
               ("序号", "问题类型", "描述", "网址", "证据", "数量", "状态", "首次发现", "最近发现", "整改建议"),
               [(n, f.label, f.message, f.url, f.evidence_text(), f.count, f.status, f.first_seen, f.last_seen, f.fix)
                for n, f in enumerate(record.findings, start=1)])
    return book


def write_record_xlsx(record: SiteRecord, path: Path) -> Path:
    """Write the SiteRecord's xlsx to ``path``; returns it. Raises OSError when it cannot be written."""
    render_record_xlsx(record).save(str(path))
    return path


def write_report_xlsx(report: Report, path: Path) -> Path:
    """Write a scan's Report as xlsx (概况, 指标情况, 问题清单 with evidence) to ``path``; returns it."""
    return write_record_xlsx(record_from_report(report), path)
