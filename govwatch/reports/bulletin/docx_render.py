"""The bulletin as a Word document (python-docx) in the look of an official document (GB/T 9704-2012).

A4 (python-docx starts from US Letter), margins 3.7/3.5/2.8/2.6 cm; the issuer in red over a red rule,
the 文号 line, the title in 宋体 bold 二号, body 仿宋 三号, headings 黑体, tables bordered (Table Grid) in
五号, the charts as embedded PNGs, page numbers ``— n —`` in the footer.

Fonts: the document names the faces Chinese offices have (仿宋, 宋体, 黑体 — Windows and WPS ship them)
in ``w:eastAsia`` on every style and run, with Times New Roman for Latin text; nothing is embedded. A
reader without them gets the viewer's substitute (LibreOffice on Debian maps them to Noto CJK). The PDF,
rendered here, uses the Noto CJK faces directly.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from govwatch.reports.bulletin import tables as t
from govwatch.reports.bulletin.model import Bulletin
from govwatch.reports.docx_report import xml_safe

BODY, TITLE, HEADING, LATIN = "仿宋", "宋体", "黑体", "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)
NUMERALS = "一二三四五六七八九十"


def _rfonts(element: object, east_asia: str) -> None:
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def _run(paragraph: Paragraph, text: str, *, font: str = BODY, size: float = 16, bold: bool = False,
         color: RGBColor | None = None) -> Run:
    props = [f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{font}"/>', "<w:b/>" if bold else "",
             f'<w:color w:val="{color}"/>' if color is not None else "", f'<w:sz w:val="{round(size * 2)}"/>']
    element = parse_xml(f'<w:r {nsdecls("w")}><w:rPr>{"".join(props)}</w:rPr></w:r>')
    paragraph._p.append(element)
    run = Run(element, paragraph)
    run.text = xml_safe(text)
    return run


def _para(doc: DocxDocument, text: str = "", *, align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False,
          **kwargs: object) -> Paragraph:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    if text:
        _run(paragraph, text, **kwargs)  # type: ignore[arg-type]
    return paragraph


def _red_rule(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="4" '
                         f'w:color="C00000"/></w:pBdr>'))


def _setup(doc: DocxDocument) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        _page_numbers(section.footer.paragraphs[0])
    _rfonts(doc.styles["Normal"].element, BODY)
    doc.styles["Normal"].font.size = Pt(16)
    for name in ("Heading 1", "Heading 2", "Caption"):
        _rfonts(doc.styles[name].element, HEADING)
        doc.styles[name].font.color.rgb = BLACK


def _page_numbers(paragraph: Paragraph) -> None:
    """Footer ``— PAGE —``, centred (公文 page numbers in 宋体 四号)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", font=TITLE, size=14)
    run = _run(paragraph, "", font=TITLE, size=14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)
    _run(paragraph, " —", font=TITLE, size=14)


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_heading(level=1)
    paragraph.paragraph_format.first_line_indent = Pt(32)
    _run(paragraph, text, font=HEADING, size=16, color=BLACK)


def _table(doc: DocxDocument, data: t.TableData) -> Table:
    table = doc.add_table(rows=1, cols=len(data.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, data.header, strict=True):
        _run(cell.paragraphs[0], text, font=HEADING, size=10.5)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in data.rows or [("无",) + ("",) * (len(data.header) - 1)]:
        for index, (cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            _run(cell.paragraphs[0], str(value), size=10.5)
            if index in data.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _picture(doc: DocxDocument, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(15.0))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, caption, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING, size=10.5)


def _masthead(doc: DocxDocument, b: Bulletin) -> None:
    _para(doc, b.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE, size=26, bold=True, color=RED)
    _red_rule(_para(doc, b.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, size=16))
    _para(doc)
    _para(doc, b.title, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE, size=22, bold=True)
    _para(doc)
    _para(doc, "各有关单位：", size=16)


def _sections(doc: DocxDocument, b: Bulletin, charts: dict[str, bytes]) -> None:
    n = iter(NUMERALS)
    _heading(doc, f"{next(n)}、总体情况")
    _para(doc, b.overview(), indent=True)
    _table(doc, t.trend(b))
    if "trend" in charts:
        _picture(doc, charts["trend"], "图1 近四个季度合格率与平均得分")
    _heading(doc, f"{next(n)}、排名")
    _table(doc, t.ranking(b))
    _heading(doc, f"{next(n)}、单项否决与不合格网站")
    _para(doc, f"本期单项否决或不合格网站共{len(b.failing)}个。" if b.failing else "本期无单项否决或不合格网站。",
          indent=True)
    if b.failing:
        _table(doc, t.failing(b))
    _heading(doc, f"{next(n)}、问题分布（按指标/按单位）")
    _table(doc, t.by_indicator(b))
    if "problems" in charts:
        _picture(doc, charts["problems"], "图2 问题数量（按指标）")
    _table(doc, t.by_unit(b))
    if b.media:
        _para(doc, "政务新媒体方面，以下账号存在问题：", indent=True)
        _table(doc, t.media(b))
    _heading(doc, f"{next(n)}、整改情况")
    _para(doc, b.rectify_text(), indent=True)
    _table(doc, t.rectification(b))
    _heading(doc, f"{next(n)}、下一步工作")
    for text in b.next_steps:
        _para(doc, text, indent=True)


def render_bulletin_docx(b: Bulletin, charts: dict[str, bytes]) -> DocxDocument:
    """The bulletin as a python-docx Document; ``charts`` PNG bytes by name ('trend', 'problems')."""
    doc = Document()
    _setup(doc)
    _masthead(doc, b)
    _sections(doc, b, charts)
    _para(doc)
    _para(doc, b.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{b.issued_on.year}年{b.issued_on.month}月{b.issued_on.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def write_bulletin_docx(b: Bulletin, charts: dict[str, bytes], path: Path) -> Path:
    """Write the .docx to ``path``; returns it. Raises OSError when it cannot be written."""
    render_bulletin_docx(b, charts).save(str(path))
    return path
