"""Monthly and quarterly new-media reports: docx and xlsx open, the summary text lists the problems.

June 2021: 上海发布 collected on 06-20 (fresh) and 07-01 (veto: newest post 06-16) — the veto falls in
July, so June's report passes it and July's fails it; the 2021Q3 report fails it too. 东川发布 (no such
Weibo uid) is 未判定 in June, and with no collection in the quarter is listed for a manual patrol.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from nmplatkit import beijing, options
from openpyxl import load_workbook

from govwatch.core.errors import UsageError
from govwatch.services.newmedia import collect_account
from govwatch.services.newmedia.report import newmedia_report, write_newmedia_report
from govwatch.services.registry_io import import_registry
from govwatch.storage.models import Account

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(registry_file: Path, nm_server: str) -> None:
    assert import_registry(registry_file, now=beijing(2021, 6, 17, 10, 0)).ok
    accounts = {a.name: a for a in Account.objects.select_related("unit")}
    collect_account(accounts["上海发布"], beijing(2021, 6, 20, 9, 0), options(nm_server))
    collect_account(accounts["东川发布"], beijing(2021, 6, 20, 9, 0), options(nm_server))
    collect_account(accounts["上海发布"], beijing(2021, 7, 1, 9, 0), options(nm_server))


def test_month_report_verdicts(collected: None) -> None:
    june = newmedia_report("2021-06", beijing(2021, 7, 1, 12, 0))
    verdicts = {r.name: r.verdict for r in june.rows}
    assert verdicts == {"上海发布": "合格", "东川发布": "未判定", "明日方舟Arknights": "未监测", "清水镇发布": "未监测"}
    shanghai = next(r for r in june.rows if r.name == "上海发布")
    assert shanghai.latest_post == "2021-06-16 20:04" and shanghai.posts_in_period > 0
    july = newmedia_report("2021-07", beijing(2021, 7, 2, 12, 0))
    assert next(r for r in july.rows if r.name == "上海发布").verdict == "不合格"
    assert july.rows[0].name == "上海发布"  # 不合格 first
    (veto,) = [p for p in july.problems if p.veto]
    assert veto.title == "政务新媒体内容不更新" and veto.account == "上海发布" and veto.status == "未整改"
    assert any(item.label for item in veto.evidence)
    assert newmedia_report("2021Q3").counts["不合格"] == 1
    with pytest.raises(UsageError):
        newmedia_report("2021-13")


def test_files_render_and_summary_lists_problems(collected: None, tmp_path: Path) -> None:
    files = write_newmedia_report("2021Q3", tmp_path / "out", beijing(2021, 7, 2, 12, 0))
    text = "\n".join(p.text for p in Document(str(files.docx)).paragraphs)
    assert "2021年第三季度政务新媒体监测报告" in text and "整改建议" in text and "单项否决" in text
    section = Document(str(files.docx)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    book = load_workbook(files.xlsx)
    assert book.sheetnames == ["账号情况", "问题清单", "整改建议"]
    rows = list(book["账号情况"].iter_rows(values_only=True))
    assert rows[0][0] == "账号名称" and rows[1][:2] == ("上海发布", "微信公众号") and rows[1][6] == "不合格"
    problems = list(book["问题清单"].iter_rows(values_only=True))[1:]
    assert any(r[1] == "上海发布" and r[4] == "政务新媒体内容不更新" for r in problems)
    summary = files.summary.read_text(encoding="utf-8")
    assert summary.startswith("【2021年第三季度政务新媒体监测报告】")
    assert "上海市人民政府新闻办公室微信公众号「上海发布」：政务新媒体内容不更新（单项否决）" in summary
    # The veto first; then the week's low frequency (7-day window 06-25..07-01) and 东川发布's failure,
    # open since June and still open in the quarter.
    numbered = [line for line in summary.splitlines() if line[:1].isdigit()]
    assert len(numbered) == 3 and "内容不更新（单项否决）" in numbered[0]
    assert "「上海发布」：政务新媒体更新频次不足" in numbered[1] and "「东川发布」：政务新媒体本次采集失败" in numbered[2]
    assert "HTTP 404" in numbered[2]
    # No collection in the quarter for the other three: listed for a manual patrol.
    assert "以下账号本期未能自动采集，请人工巡检：「东川发布」、「明日方舟Arknights」、「清水镇发布」。" in summary
