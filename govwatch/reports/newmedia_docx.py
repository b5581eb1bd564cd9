"""``新媒体监测报告.docx``: the monthly/quarterly new-media report as an A4 Word document, with the same
page setup and eastAsia fonts as the site report (helpers of :mod:`govwatch.reports.docx_report`)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, RGBColor

from govwatch.reports.docx_report import BLUE, HEADING_FONT, RED, _heading, _para, _run, _setup, _table
from govwatch.reports.newmedia_model import NewMediaReport, ReportProblem
from govwatch.reports.newmedia_text import overview_sentence

GREY = RGBColor(0x55, 0x55, 0x55)


def _problem(doc: DocxDocument, index: int, p: ReportProblem) -> None:
    head = _para(doc, f"{index}. {p.platform}「{p.account}」（{p.unit}）：", bold=True)
    _run(head, f"【{'单项否决' if p.veto else '提示'}】{p.title}", bold=True, color=RED if p.veto else None)
    _para(doc, p.message)
    meta = f"首次发现 {p.first_seen}，最近发现 {p.last_seen}，状态：{p.status}"
    _para(doc, meta + (f"；位置：{p.url}" if p.url else ""), size=9, color=GREY)
    for item in p.evidence:
        line = _para(doc, f"{item.label}：", color=GREY)
        _run(line, "\n".join(item.lines), size=9)
        line.paragraph_format.left_indent = Cm(0.74)
    if p.fix:
        fix = _para(doc, "整改建议：", bold=True, color=BLUE)
        _run(fix, p.fix, color=BLUE)


def render_newmedia_docx(report: NewMediaReport) -> DocxDocument:
    """The report as a python-docx Document (A4, eastAsia fonts)."""
    doc = Document()
    _setup(doc)
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, report.title, font=HEADING_FONT, size=20, color=RGBColor(0, 0, 0))
    _para(doc, f"监测周期：{report.period_text}（北京时间）", size=10)
    _heading(doc, "一、总体情况", 1)
    _para(doc, overview_sentence(report))
    _heading(doc, "二、账号监测情况", 1)
    _table(doc, ("账号名称", "平台", "主办单位", "最新发布", "本期发布", "结论", "问题数"), [
        (r.name, r.platform, r.unit, r.latest_post, str(r.posts_in_period), r.verdict + (f"（{r.note}）" if r.note else ""),
         str(r.problems)) for r in report.rows] or [("本期无登记账号", "", "", "", "", "", "")])
    _heading(doc, "三、发现的问题及证据", 1)
    if not report.problems:
        _para(doc, "本期未发现问题。")
    for index, problem in enumerate(report.problems, start=1):
        _problem(doc, index, problem)
    _heading(doc, "四、整改建议", 1)
    if not report.suggestions:
        _para(doc, "请继续保持正常更新和互动回应。")
    for index, s in enumerate(report.suggestions, start=1):
        p = _para(doc, f"{index}. {s.title}（{len(s.accounts)} 个账号：{'、'.join(s.accounts)}）：", bold=True)
        _run(p, s.fix)
    _para(doc, f"生成时间：{report.generated_at.strftime('%Y-%m-%d %H:%M')}（北京时间）", size=8, color=GREY)
    return doc


def write_newmedia_docx(report: NewMediaReport, path: Path) -> Path:
    """Write the docx to ``path``; returns it. Raises OSError when it cannot be written."""
    render_newmedia_docx(report).save(str(path))
    return path
