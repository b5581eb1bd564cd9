"""``govwatch scores compute|rank|evaluate`` print Chinese tables and exit 0 (rank: 1 when nothing is stored)."""

from __future__ import annotations

import pytest
from fleetkit import bj, finding, site

from govwatch.cli.main import main
from govwatch.storage.models import Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def fleet() -> None:
    a, b = site("甲县人民政府", "www.jia.gov.cn"), site("乙县人民政府", "www.yi.gov.cn")
    finding(a, "column.stale", bj(2026, 11, 1), path="news/", message="要闻动态 40 天未更新")
    finding(b, "homepage.stale", bj(2026, 11, 2), message="首页 20 天未更新")


def test_compute_then_rank_prints_the_ranking(fleet: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scores", "compute", "--period", "2026Q4", "--now", "2026-12-31"]) == 0
    out = capsys.readouterr().out
    assert "2026年第四季度（2026Q4，截至 2026-12-31 23:59）" in out and "共 2 个网站，合格 1 个，不合格 1 个" in out
    assert Score.objects.filter(period="2026Q4").count() == 2
    assert main(["scores", "rank", "--period", "2026Q4", "--level", "县"]) == 0
    out = capsys.readouterr().out
    assert "2026年第四季度 县级门户网站排名" in out
    lines = [line for line in out.splitlines() if "人民政府" in line]
    assert "甲县人民政府" in lines[0] and "99" in lines[0]
    assert "乙县人民政府" in lines[1] and "不计分" in lines[1] and "首页不更新" in lines[1]


def test_rank_before_compute_says_what_to_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scores", "rank", "--period", "2026-11", "--now", "2026-12-01"]) == 1
    assert "govwatch scores compute --period 2026-11" in capsys.readouterr().err


def test_evaluate_prints_groups_and_traced_detail(fleet: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scores", "evaluate", "--year", "2026", "--now", "2026-12-15", "--detail"]) == 0
    out = capsys.readouterr().out
    assert "2026年度政府网站绩效评估（示例方案）" in out and "年度未结束，截至 2026-12-15 23:59" in out
    assert "县（市、区）政府门户网站" in out and "信息公开（30）" in out
    assert "在线服务、公众参与 尚无对应的检查项" in out and "未经官方确认" in out
    assert "column.stale" in out and "http://www.jia.gov.cn/news/" in out


@pytest.mark.parametrize("argv, words", [
    (["scores", "compute", "--period", "2026Q9"], "周期格式应为"),
    (["scores", "compute", "--period", "2027Q1", "--now", "2026-12-01"], "尚未开始"),
    (["scores", "compute", "--now", "yesterday"], "--now 的格式"),
    (["scores", "evaluate", "--year", "2030", "--now", "2030-02-01"], "适用于 2026 年"),
    (["scores", "evaluate", "--year", "2026", "--scheme", "/nonexistent.yaml"], "无法读取绩效评估方案"),
])
def test_bad_usage_exits_2(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert words in capsys.readouterr().err
