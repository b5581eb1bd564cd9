"""A hand-made Bulletin for the renderer tests (no database)."""

from __future__ import annotations

from datetime import date

from govwatch.reports.bulletin.model import (
    Bulletin,
    CountRow,
    FailingSite,
    MediaRow,
    RankRow,
    RectifyRow,
    Summary,
    TrendPoint,
    bulletin_title,
)


def sample_bulletin() -> Bulletin:
    """Three sites in one group, one vetoed; four quarters of trend (one without scores)."""
    return Bulletin(
        title=bulletin_title("2026年第四季度", "全市"), issuer="市大数据管理局", doc_number="〔2026〕4号",
        period_label="2026Q4", period_title="2026年第四季度", scope_label="全市", issued_on=date(2026, 12, 30),
        summary=Summary(3, 2, 1, 1, 66.7, 12, 2, 1, 3),
        ranking=(RankRow(1, "县级门户网站", "甲县人民政府门户网站", "甲县人民政府", "合格", 92.5),
                 RankRow(2, "县级门户网站", "丙县人民政府门户网站", "丙县人民政府", "合格", 88.0),
                 RankRow(3, "县级门户网站", "乙县人民政府门户网站", "乙县人民政府", "不合格", None, ("站点无法访问",))),
        failing=(FailingSite("乙县人民政府门户网站", "乙县人民政府", "http://www.yixian.gov.cn/", True, None,
                             "单项否决：站点无法访问"),),
        by_indicator=(CountRow("栏目不更新", 5, 1), CountRow("链接不可用（死链）", 7, 2)),
        by_unit=(CountRow("甲县人民政府", 4, 1), CountRow("乙县人民政府", 8, 2)),
        trend=(TrendPoint("2026Q1", "2026年第一季度", 3, 1, 1, 33.3, 70.0),
               TrendPoint("2026Q2", "2026年第二季度", 0, 0, 0, 0.0, None),
               TrendPoint("2026Q3", "2026年第三季度", 3, 2, 0, 66.7, 80.5),
               TrendPoint("2026Q4", "2026年第四季度", 3, 2, 1, 66.7, 85.0)),
        rectification=(RectifyRow("甲县人民政府", 4, 1, 3, 1),), rectify_basis="按问题处理状态统计",
        media=(MediaRow("甲县发布", "微信", "甲县人民政府", 2, "超过2周未更新"),),
        next_steps=("一是加强日常监测。", "二是抓好问题整改。"))
