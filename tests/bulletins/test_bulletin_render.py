"""The bulletin renderers on a hand-made Bulletin: docx (A4, Chinese headings, tables, pictures), pdf (A4,
Chinese text extractable), xlsx (sheets, frozen headers, values) and the charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bulletinkit import sample_bulletin
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from govwatch.reports.bulletin import write_bulletin
from govwatch.reports.bulletin.charts import problem_chart, trend_chart

A4_PT = (595.0, 842.0)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    seen: list[tuple[int, str]] = []
    out = write_bulletin(sample_bulletin(), tmp_path_factory.mktemp("b") / "deep" / "dir",
                         progress=lambda p, s: seen.append((p, s)))
    assert [p for p, _ in seen] == sorted(p for p, _ in seen) and seen[0][0] == 0
    assert "PDF" in " ".join(s for _, s in seen)
    return out


def test_docx_is_a4_with_chinese_sections_tables_and_charts(files: dict[str, Path]) -> None:
    doc = Document(str(files["docx"]))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    text = [p.text for p in doc.paragraphs]
    assert "关于2026年第四季度全市政府网站和政务新媒体检查情况的通报" in text and "〔2026〕4号" in text
    for heading in ("一、总体情况", "二、排名", "三、单项否决与不合格网站", "四、问题分布（按指标/按单位）",
                    "五、整改情况", "六、下一步工作"):
        assert heading in text
    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "排名")
    assert [c.text for c in ranking.rows[1].cells] == ["1", "县级门户网站", "甲县人民政府门户网站", "甲县人民政府",
                                                        "合格", "92.5"]
    assert ranking.rows[3].cells[5].text == "不计分"
    assert len(doc.inline_shapes) == 2
    assert all(t.style is not None and t.style.name == "Table Grid" for t in doc.tables)  # bordered
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer  # — n — page numbers
    east_asia = doc.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == "仿宋"


def test_pdf_is_a4_with_extractable_chinese(files: dict[str, Path]) -> None:
    reader = PdfReader(str(files["pdf"]))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "2026年第四季度全市政府网站和政务新媒体检查情况的通报" in text
    assert "乙县人民政府门户网站" in text and "单项否决" in text


def test_xlsx_has_one_sheet_per_table(files: dict[str, Path]) -> None:
    book = load_workbook(files["xlsx"])
    assert book.sheetnames[:3] == ["排名", "问题分布", "整改"]
    ranking = book["排名"]
    assert ranking.freeze_panes == "A2"
    assert [c.value for c in ranking[1]] == ["排名", "类别", "网站名称", "主办单位", "结论", "得分"]
    assert [c.value for c in ranking[2]][:3] == [1, "县级门户网站", "甲县人民政府门户网站"]
    assert ranking.column_dimensions["C"].width == 30
    problems = [[c.value for c in row] for row in book["问题分布"].iter_rows(min_row=2)]
    assert ["按指标", "链接不可用（死链）", 7, 2] in problems and ["按单位", "乙县人民政府", 8, 2] in problems
    assert [c.value for c in book["整改"][2]] == ["甲县人民政府", 4, 3, 1, 1]


def test_charts_are_png() -> None:
    bulletin = sample_bulletin()
    for png in (trend_chart(bulletin.trend), problem_chart(bulletin.by_indicator), trend_chart(()),
                problem_chart(())):
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def test_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        write_bulletin(sample_bulletin(), blocker / "out")
