"""xlsx/csv import of posts in the shape a national/provincial new-media system exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from nmkit import bj
from openpyxl import Workbook

from govwatch.core import AccountSpec, CollectErrorKind, Platform
from govwatch.sources import import_posts, read_export

CITY = AccountSpec(Platform.WECHAT, "示例市发布", platform_id="gh_1234", level="市")
WEIBO = AccountSpec(Platform.WEIBO, "示例市发布", platform_id="1234567890", level="市")
TOWN = AccountSpec(Platform.WECHAT, "某某镇", level="乡镇")
QUIET = AccountSpec(Platform.DOUYIN, "示例市卫健委", level="市")


def workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2025年6月政务新媒体发布信息统计"])  # a title row above the header
    sheet.append(["序号", "账号 名称", "平台类型", "账号ID", "标题", "发布时间", "原文链接", "是否置顶", "评论数"])
    sheet.append([1, "示例市发布", "微信公众号", "gh_1234", "市政府常务会议", datetime(2025, 6, 27, 10, 30),
                  "https://mp.weixin.qq.com/s/a", "否", 12])
    sheet.append([2, "示例市发布", "新浪微博", 1234567890, "高温提醒", "2025/6/28 8:05", "https://m.weibo.cn/detail/1",
                  "", None])
    sheet.append([3, "示例市发布", "微博", "1234567890", "办事指南", "2024年12月1日", "https://m.weibo.cn/detail/0", "是", ""])
    sheet.append([4, "某某镇", "微信", "", "镇村动态", "2025-06-20", "", "", ""])
    sheet.append([5, "某某镇", "微信", "", "时间坏了", "六月", "", "", ""])
    sheet.append([6, "不存在的账号", "微信", "", "x", "2025-06-20 09:00:00", "", "", ""])
    sheet.append([7, "示例市发布", "微信公众号", "gh_1234", "市政府常务会议", datetime(2025, 6, 27, 10, 30),
                  "https://mp.weixin.qq.com/s/a", "否", 12])  # the same post exported twice
    sheet.append([])
    book.save(path)
    return path


def test_xlsx_export(tmp_path: Path) -> None:
    result = import_posts(workbook(tmp_path / "export.xlsx"), [CITY, WEIBO, TOWN, QUIET])
    assert result.rows == 6 and result.unmatched == ("不存在的账号",)
    assert [(p.row, p.message[:6]) for p in result.problems] == [(7, "发布时间无法"), (8, "账号「不存在")]
    city, weibo, town, quiet = result.results
    assert city.ok and [p.title for p in city.posts] == ["市政府常务会议"]
    assert city.posts[0].published_at == bj(2025, 6, 27, 10, 30) and city.posts[0].comments == 12
    assert weibo.ok and [(p.title, p.pinned) for p in weibo.posts] == [("高温提醒", False), ("办事指南", True)]
    assert weibo.posts[0].published_at == bj(2025, 6, 28, 8, 5) and weibo.posts[0].account_id == "1234567890"
    assert town.ok and town.posts[0].published_at == bj(2025, 6, 20) and town.posts[0].account_id == "某某镇"
    assert not quiet.ok and quiet.error_kind is CollectErrorKind.NO_DATA  # absent ≠ no posts by default
    again = import_posts(tmp_path / "export.xlsx", [QUIET], absent_means_no_posts=True,
                         period_start=bj(2025, 6, 1))
    assert again.results[0].ok and again.results[0].posts == () and again.results[0].complete_since == bj(2025, 6, 1)


def test_gbk_csv_export(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("账号名称,平台,标题,发布时间,链接\n某某镇,微信,防汛通知,2025-06-30 18:00,https://mp.weixin.qq.com/s/b\n"
                     .encode("gbk"))
    rows, problems = read_export(path)
    assert not problems and [(r.account_name, r.platform, r.post.title) for r in rows] == [("某某镇", "wechat", "防汛通知")]
    assert rows[0].post.published_at == bj(2025, 6, 30, 18, 0)


def test_unreadable_files_fail_every_account(tmp_path: Path) -> None:
    no_header = tmp_path / "bad.csv"
    no_header.write_text("名称,日期\n某某镇,2025-06-30\n", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    for path in (no_header, broken, tmp_path / "missing.csv"):
        result = import_posts(path, [CITY, TOWN])
        assert [r.ok for r in result.results] == [False, False], path
        assert result.results[0].error_kind is CollectErrorKind.FORMAT_CHANGED
        assert result.problems[0].row == 0
