"""A scan's 监测报告 as PDF (WeasyPrint from report.html: A4, Chinese text, page numbers) and xlsx (problems
with evidence), from the hand-built scan of report_scan.py."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from govwatch.reports.model import Report
from govwatch.reports.site_record_render import write_report_pdf, write_report_xlsx


def test_report_pdf_is_a4_with_the_chinese_title(report: Report, tmp_path: Path) -> None:
    path = write_report_pdf(report, tmp_path / "report.pdf")
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join("".join(p.extract_text() for p in reader.pages).split())
    assert "".join(report.title.split()) in text and "监测结论" in text and "—1—" in text


def test_report_xlsx_lists_every_problem_with_evidence(report: Report, tmp_path: Path) -> None:
    book = load_workbook(write_report_xlsx(report, tmp_path / "report.xlsx"))
    assert book.sheetnames == ["概况", "指标情况", "问题清单"]
    sheet = book["问题清单"]
    assert sheet.freeze_panes == "A2" and sheet["E1"].value == "证据"
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == report.problem_count
    assert any(r[4] for r in rows)  # evidence text present
    assert book["概况"]["B2"].value == report.site.name and book["概况"]["B8"].value == report.verdict
