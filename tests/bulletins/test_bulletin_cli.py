"""``govwatch bulletin build`` and ``govwatch report SITE`` over real rows: files written, Chinese output,
bad input and unwritable folders exit 2 with a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest
from bulletinfleet import make_fleet
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from govwatch.cli.main import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_bulletin_build_writes_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_fleet()
    out = tmp_path / "out"
    code = main(["bulletin", "build", "--period", "2026Q4", "--scope", "unit:甲县人民政府", "--out", str(out),
                 "--now", "2026-12-28", "--doc-number", "〔2026〕7号"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "已生成：关于2026年第四季度甲县人民政府政府网站和政务新媒体检查情况的通报" in captured.out
    assert "进度" in captured.err and "100%" in captured.err
    assert sorted(p.name for p in out.iterdir()) == ["通报-2026Q4.docx", "通报-2026Q4.pdf", "通报-2026Q4.xlsx"]
    doc = Document(str(out / "通报-2026Q4.docx"))
    assert "〔2026〕7号" in [p.text for p in doc.paragraphs]
    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "排名")
    assert {r.cells[2].text for r in ranking.rows[1:]} == {"甲县人民政府门户网站", "甲县教育局网站"}
    assert "甲县教育局网站" in PdfReader(str(out / "通报-2026Q4.pdf")).pages[0].extract_text() + "".join(
        p.extract_text() for p in PdfReader(str(out / "通报-2026Q4.pdf")).pages[1:])
    assert load_workbook(out / "通报-2026Q4.xlsx").sheetnames[:3] == ["排名", "问题分布", "整改"]


def test_bulletin_build_errors_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_fleet()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["bulletin", "build", "--period", "2026Q4", "--out", str(blocker / "sub"), "-q"]) == 2
    assert "无法创建输出目录" in capsys.readouterr().err
    assert main(["bulletin", "build", "--period", "2026Q4", "--scope", "unit:不存在的单位", "--out",
                 str(tmp_path / "x"), "-q"]) == 2
    assert "通报范围" in capsys.readouterr().err
    assert main(["bulletin", "build", "--period", "2026Q9", "--out", str(tmp_path / "y"), "-q"]) == 2


def test_report_site_writes_pdf_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_fleet()
    out = tmp_path / "r"
    assert main(["report", "http://www.yixian.gov.cn", "--period", "2026Q4", "--now", "2026-12-28",
                 "--out", str(out)]) == 0
    assert "已生成：乙县人民政府门户网站监测报告" in capsys.readouterr().out
    text = "".join("".join(p.extract_text() for p in PdfReader(str(out / "report.pdf")).pages).split())
    assert "单项否决（站点无法访问）" in text and "首页死链3个" in text
    assert load_workbook(out / "report.xlsx")["概况"]["B8"].value == "不合格"
    assert main(["report", "没有这个网站", "--out", str(out)]) == 2
    assert "登记信息中没有网站" in capsys.readouterr().err


def test_cli_in_a_fresh_process_sets_the_platform_up_first(tmp_path: Path) -> None:
    """The commands configure Django before importing the services (a fresh SQLite data folder)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GOVWATCH_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "govwatch", "bulletin", "build", "--period", "2026Q3", "--now",
                             "2026-10-02", "--out", str(tmp_path / "out"), "-q"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "已生成：关于2026年第三季度全市政府网站和政务新媒体检查情况的通报" in result.stdout
    assert len(list((tmp_path / "out").iterdir())) == 3
