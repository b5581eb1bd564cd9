"""Page text may hold characters XML cannot (a \\x08 in an anchor text): report.docx drops them, no crash."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx

from govwatch.core.models import Finding
from govwatch.reports.docx_report import write_docx, xml_safe
from govwatch.reports.model import Report

CONTROL = "\x00\x08\x0b\x0c\x1f\ufffe"


def test_xml_safe_keeps_text_tabs_and_newlines() -> None:
    assert xml_safe(f"政务\t公开\n第{CONTROL}1 页😀") == "政务\t公开\n第1 页😀"


def test_control_characters_in_page_text_do_not_break_the_docx(report: Report, tmp_path: Path) -> None:
    site = dataclasses.replace(report.site, name=f"测试{CONTROL}网站")
    path = write_docx(dataclasses.replace(report, site=site), tmp_path / "report.docx")
    texts = [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]
    assert "测试网站" in texts


def test_control_characters_in_a_finding_message(make_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = Finding(code="links.dead_home", target="http://x.gov.cn/a\x08b", url="http://x.gov.cn/",
                  message="首页链接“新闻\x08动态”无法访问", evidence={"anchor": "新闻\x08动态"})
    path = write_docx(make_report(extra=(bad,)), tmp_path / "report.docx")
    body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    body += "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "新闻动态" in body
