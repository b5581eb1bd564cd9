"""``政府网站工作年度报表.docx`` (python-docx): A4 portrait, 宋体/黑体 set as eastAsia fonts on every style
and run (python-docx starts from US Letter and Latin-only fonts), one table per section with the columns
指标 / 数值 / 单位 / 数据来源; a blank value is marked 待人工填报 in red."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from govwatch.reports.annual.model import AnnualForm, FormSection
from govwatch.reports.docx_report import xml_safe

BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
RED = RGBColor(0xB7, 0x1C, 0x1C)
HEADER = ("指标", "数值", "单位", "数据来源")
WIDTHS = (Cm(7.5), Cm(4.5), Cm(1.6), Cm(2.8))


def _fonts(owner: object, east_asia: str) -> None:
    rpr = owner.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, size: float = 10.5,
         color: RGBColor | None = None, font: str = BODY_FONT) -> Run:
    run = paragraph.add_run(xml_safe(text))
    run.bold, run.font.size, run.font.name = bold, Pt(size), LATIN_FONT
    if color is not None:
        run.font.color.rgb = color
    _fonts(run._element, font)
    return run


def _setup(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    for style in doc.styles:
        if getattr(style, "font", None) is not None and hasattr(style.element, "get_or_add_rPr"):
            _fonts(style.element, HEADING_FONT if style.name.startswith(("Heading", "Title")) else BODY_FONT)


def _section(doc: DocxDocument, section: FormSection, number: int) -> None:
    _run(doc.add_paragraph(), f"{number}. {section.title}", bold=True, size=14, font=HEADING_FONT)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, HEADER, WIDTHS, strict=True):
        cell.width = width
        _run(cell.paragraphs[0], text, bold=True, font=HEADING_FONT)
    for f in section.fields:
        cells = table.add_row().cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            cell.width = width
        _run(cells[0].paragraphs[0], f.label)
        _run(cells[1].paragraphs[0], f.value)
        _run(cells[2].paragraphs[0], f.unit)
        _run(cells[3].paragraphs[0], f.status, color=RED if f.pending else None, size=9)


def render_annual_docx(form: AnnualForm, path: Path) -> Path:
    """Write the form to ``path`` (.docx) and return it."""
    doc = Document()
    _setup(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, form.title, bold=True, size=18, font=HEADING_FONT)
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(meta, f"主办单位：{form.unit}　统计时间：{form.generated}　状态：{form.status}", size=10)
    if form.pending:
        _run(doc.add_paragraph(), f"尚有 {form.pending} 项需人工填报（标注“待人工填报”）。", color=RED, size=10)
    for number, section in enumerate(form.sections, start=1):
        _section(doc, section, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
