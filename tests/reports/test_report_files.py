"""report.json / report.html / report.docx written by write_reports from one hand-built scan."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from report_scan import CRAWL_NOTE, EVIL, HOME, SITE, STARTED, make_crawl, make_findings

from govwatch.core.models import Finding
from govwatch.reports import write_reports
from govwatch.reports.html_report import render_html
from govwatch.reports.json_report import plain, render_json
from govwatch.reports.model import Report

FINDING_FIELDS = [f.name for f in dataclasses.fields(Finding)]


@pytest.fixture
def files(report: Report, tmp_path: Path) -> dict[str, Path]:
    return write_reports(report, tmp_path / "out" / "site-1")


def test_write_reports_creates_all_three(files: dict[str, Path], tmp_path: Path) -> None:
    assert set(files) == {"html", "json", "docx"}
    for kind, path in files.items():
        assert path.parent == tmp_path / "out" / "site-1" and path.name == f"report.{kind}"
        assert path.stat().st_size > 1000


# --- report.json -------------------------------------------------------------------------------------

def test_json_round_trips_every_finding_with_evidence(files: dict[str, Path]) -> None:
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    rebuilt = [Finding(**{k: entry[k] for k in FINDING_FIELDS}) for entry in data["findings"]]
    assert rebuilt == make_findings()
    dead = next(e for e in data["findings"] if e["code"] == "links.dead_home")
    assert dead["evidence"]["referrers"] == [{"page": HOME, "text": EVIL}]
    assert dead["indicators"] == ["deduct.links_home"] and dead["label"] == "首页链接不可用"


def test_json_header_score_and_dates(files: dict[str, Path], report: Report) -> None:
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["schema"] == "govwatch.report/1"
    assert data["site"]["home_url"] == HOME and data["site"]["site_id_code"] == "3609000002"
    assert data["rulebook"]["id"] == "test-report-book" and data["rulebook"]["version"] == "2024.05"
    assert data["verdict"] == report.verdict == "合格"
    assert data["score"]["total"] == report.total and data["score"]["deduction_score"] == report.deduction_score
    assert date.fromisoformat(data["monitoring_date"]) == report.monitoring_date
    assert datetime.fromisoformat(data["scan"]["started_at"]) == STARTED
    columns = {c["name"]: c for c in data["columns"]}
    assert columns["要闻动态"]["latest"] == "2024-04-28" and columns["人事信息"]["latest"] is None
    assert data["links"]["home"]["dead"] == 1 and len(data["indicators"]) == len(report.indicators)


def test_json_is_stable_and_sorted(report: Report) -> None:
    text = render_json(report)
    assert text == render_json(report)
    top = list(json.loads(text))
    assert top == sorted(top)
    assert "示例市人民政府" in text  # Chinese is not \\u-escaped


def test_plain_makes_dates_and_odd_values_json_ready() -> None:
    value = plain({"d": date(2024, 1, 5), "t": (1, "a"), "s": {3}, "o": object})
    assert value["d"] == "2024-01-05" and value["t"] == [1, "a"] and value["s"] == [3]
    json.dumps(value)


# --- report.html -------------------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained(report: Report) -> None:
    html = render_html(report)
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base"}
    assert all(not {"src", "href", "srcset", "style"} & set(attrs) for _, attrs in parser.tags)
    assert "<link" not in html and "<script" not in html and '<img src="http' not in html
    style = html[html.index("<style>"):html.index("</style>")]
    assert "url(" not in style and "@import" not in style and "http" not in style


def test_html_escapes_evidence(report: Report) -> None:
    html = render_html(report)
    assert EVIL not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=&#34;http://evil.example.com/x.png&#34;&gt;" in html


def test_html_shows_the_report(report: Report) -> None:
    html = render_html(report)
    assert "<title>示例市人民政府网站监测报告</title>" in html
    assert re.search(r'class="verdict pass">\s*<div class="badge">合格</div>', html)
    assert ">93.9<small>" in html
    for row in report.indicators:
        assert row.title in html
    for text in ("未及时更新", "无法访问", "整改建议：请修复或删除该链接。", HOME + "img/x.png", "所在页面",
                 CRAWL_NOTE, "待核实", "未计分</span> 其他问题"):
        assert text in html


def test_html_of_a_vetoed_site(make_report) -> None:  # type: ignore[no-untyped-def]
    report = make_report(extra=[Finding("homepage.stale", HOME, HOME, "首页 14 天内无更新。")])
    html = render_html(report)
    assert re.search(r'class="verdict fail">\s*<div class="badge">不合格</div>', html)
    assert "不计分（单项否决）" in html and "首页 14 天内无更新。" in html


# --- report.docx -------------------------------------------------------------------------------------

def _all_paragraphs(document):  # type: ignore[no-untyped-def]
    yield from document.paragraphs
    for table in document.tables:
        for table_row in table.rows:
            for cell in table_row.cells:
                yield from cell.paragraphs


def test_docx_is_a4_with_margins(files: dict[str, Path]) -> None:
    document = docx.Document(str(files["docx"]))
    for section in document.sections:
        assert abs(section.page_width.mm - 210.0) < 0.1
        assert abs(section.page_height.mm - 297.0) < 0.1
        assert section.left_margin.cm > 2 and section.top_margin.cm > 2


def test_docx_content(files: dict[str, Path], report: Report) -> None:
    document = docx.Document(str(files["docx"]))
    texts = [p.text for p in _all_paragraphs(document)]
    body = "\n".join(texts)
    assert document.paragraphs[0].text == "示例市人民政府网站监测报告"
    assert "合格" in body and "93.9" in body
    indicator_table = next(t for t in document.tables if t.rows[0].cells[1].text == "指标")
    rows = {r.cells[1].text.removesuffix("（待核实）"): r.cells[2].text for r in indicator_table.rows[1:]}
    assert rows == {r.title: r.status for r in report.indicators}
    assert HOME + "missing.html" in body and EVIL in body  # literal text, XML-escaped by python-docx
    assert "请修复或删除该链接。" in body


def test_docx_runs_carry_an_east_asia_font(files: dict[str, Path]) -> None:
    document = docx.Document(str(files["docx"]))
    runs = [run for p in _all_paragraphs(document) for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        rfonts = run._element.rPr.rFonts
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")) in {"宋体", "黑体"}, run.text
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_reports_of_a_site_judged_on_vetoes_alone(make_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = make_report(site=dataclasses.replace(SITE, kind="new_media"))  # no indicator applies
    assert report.verdict == "合格" and report.total is None and not report.scored and not report.vetoed
    assert any("只判定单项否决指标" in n for n in report.notes)
    html = render_html(report)
    assert "仅判定单项否决" in html and "扣分指标得分" not in html
    files = write_reports(report, tmp_path)
    body = "\n".join(p.text for p in docx.Document(str(files["docx"])).paragraphs)
    assert "不计分（本类网站仅判定单项否决指标）" in body and "扣分指标得分" not in body


def test_robots_ignored_is_shown(make_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "忽略了 robots.txt" not in render_html(make_report())
    ignored = make_report(crawl=dataclasses.replace(make_crawl(), robots_ignored=True))
    assert ignored.links.robots_ignored
    assert "本次监测按登记设置忽略了 robots.txt。" in render_html(ignored)
    files = write_reports(ignored, tmp_path)
    body = "\n".join(p.text for p in docx.Document(str(files["docx"])).paragraphs)
    assert "忽略了 robots.txt" in body
