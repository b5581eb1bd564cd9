"""Inputs: txt (UTF-8/GBK), docx, xlsx, pdf text layer; bad, encrypted, oversized and unsupported files
raise InputError with a Chinese message; the docx comes back with real Word comments; the HTML view escapes."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from govwatch.proofread import PII, proofread_text
from govwatch.proofread.docx_comments import annotate_docx, read_comments
from govwatch.proofread.inputs import InputError, main_text, read_document
from govwatch.proofread.render import render_html

SAMPLE_ID = "11010519491231002X"


def _pdf(lines: list[str], pages: int = 1, password: str = "") -> bytes:
    """A PDF whose pages show ``lines`` (ASCII) in Helvetica — a real text layer."""
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        body = " ".join(f"BT /F1 12 Tf 50 {800 - 20 * i} Td ({line}) Tj ET" for i, line in enumerate(lines))
        stream.set_data(body.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx(paragraphs: list[list[str]]) -> bytes:
    doc = docx.Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for text in runs:
            p.add_run(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_txt_utf8_and_gbk() -> None:
    assert read_document("国家工商行政管理总局".encode(), "a.txt").text == "国家工商行政管理总局"
    assert read_document("国家工商行政管理总局".encode("gbk"), "a.txt").text == "国家工商行政管理总局"


def test_xlsx_cells_are_read_and_pii_found() -> None:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", SAMPLE_ID])
    out = io.BytesIO()
    book.save(out)
    doc = read_document(out.getvalue(), "名单.xlsx")
    assert SAMPLE_ID in doc.text
    assert [i.original for i in proofread_text(doc.text, typo=None) if i.type == PII] == ["1101**********002X"]


def test_pdf_text_layer_and_page_limit() -> None:
    doc = read_document(_pdf([f"ID {SAMPLE_ID}"], pages=3), "a.pdf", max_pages=2)
    assert doc.text.count(SAMPLE_ID) == 2
    assert any("仅检查了前 2 页" in n for n in doc.notes)


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"not a zip", "a.docx", "不是有效的 docx"),
    (b"not a zip", "a.xlsx", "不是有效的 xlsx"),
    (b"%PDF-1.4 garbage", "a.pdf", "不是有效的 PDF"),
    (b"anything", "a.doc", "不支持的文件类型"),
    (b"", "a.txt", "空文件"),
    (b"\xff\xfe\xfa" * 10, "a.txt", "不是 UTF-8 或 GBK"),
])
def test_bad_files_get_a_chinese_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(data, name)


def test_encrypted_pdf_and_size_limit() -> None:
    with pytest.raises(InputError, match="加密"):
        read_document(_pdf(["secret"], password="pw"), "a.pdf")
    with pytest.raises(InputError, match="超过"):
        read_document(b"x" * 2048, "a.txt", max_bytes=1024)


def test_docx_comments_round_trip() -> None:
    data = _docx([["原国家工商行政", "管理总局发布通知。"], ["国务院总理赵乐际出席。"], [f"身份证号{SAMPLE_ID}。"]])
    out, issues = annotate_docx(data, lambda text: proofread_text(text, typo=None))
    assert {i.type for i in issues} == {"content.outdated_name", "content.serious_error", PII}
    comments = read_comments(out)
    anchored = sorted(text for text, _ in comments)
    assert anchored == sorted(["国家工商行政管理总局", "国务院总理", SAMPLE_ID])
    assert any("国家市场监督管理总局" in body for _, body in comments)
    reread = docx.Document(io.BytesIO(out))
    assert reread.paragraphs[0].text == "原国家工商行政管理总局发布通知。"  # text unchanged by the run splits
    assert len(list(reread.comments)) == 3


def test_docx_offsets_match_read_document() -> None:
    data = _docx([["第一段。"], ["原国家工商行政管理总局。"]])
    text = read_document(data, "a.docx").text
    _, issues = annotate_docx(data, lambda t: proofread_text(t, typo=None))
    assert [text[i.offset:i.end] for i in issues] == ["国家工商行政管理总局"]


def test_html_view_escapes_and_highlights() -> None:
    text = "<script>alert(1)</script>国务院总理赵乐际出席。"
    issues = proofread_text(text, typo=None)
    page = render_html(text, issues)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<mark class="serious_error"' in page and "全国人大常委会委员长" in page


def test_main_text_from_article_html() -> None:
    body = "".join(f"<p>第{i}段：国家卫生和计划生育委员会发布通知，要求各地做好相关工作。</p>" for i in range(8))
    html = (f"<html><head><title>t</title></head><body><div class='nav'>首页 新闻 政务公开</div><article>{body}</article>"
            "<div class='footer'>版权所有</div></body></html>")
    text = main_text(html)
    assert "国家卫生和计划生育委员会" in text and "版权所有" not in text
    assert main_text("") == ""
