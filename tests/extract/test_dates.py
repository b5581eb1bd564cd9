"""Date extraction: each format, year from context, future and implausible dates rejected."""

from __future__ import annotations

from datetime import date

import pytest

from govwatch.extract import dates

TODAY = date(2024, 3, 10)


@pytest.mark.parametrize("text, expected", [
    ("发布于 2024-03-01", date(2024, 3, 1)),
    ("2024-3-1", date(2024, 3, 1)),
    ("2023/12/31", date(2023, 12, 31)),
    ("2023.07.08", date(2023, 7, 8)),
    ("2023年1月5日", date(2023, 1, 5)),  # htmldate gets this one wrong (DESIGN.md)
    ("2023 年 11 月 25 日", date(2023, 11, 25)),
    ("２０２４－０２－２９", date(2024, 2, 29)),  # full-width digits and dash
])
def test_full_date_formats(text: str, expected: date) -> None:
    assert dates.full_dates(text, TODAY) == [expected]
    assert dates.last_date(text, TODAY) == expected


def test_mixed_separators_are_not_a_date() -> None:
    assert dates.full_dates("2023-07/08", TODAY) == []


@pytest.mark.parametrize("text", [
    "2024-03-11",  # tomorrow: future
    "2030年1月1日",
    "1989-12-31",  # before 1990: implausible
    "2023-13-01",  # month 13
    "2023-02-30",  # no such day
    "2023年0月9日",
])
def test_future_and_implausible_dates_are_rejected(text: str) -> None:
    assert dates.full_dates(text, TODAY) == []
    assert dates.last_date(text, TODAY) is None


def test_today_itself_is_accepted() -> None:
    assert dates.last_date("2024-03-10", TODAY) == TODAY


@pytest.mark.parametrize("text, expected", [
    ("[03-08]", date(2024, 3, 8)),
    ("03-10", date(2024, 3, 10)),
    ("[12-30]", date(2023, 12, 30)),  # later than today this year → last year
    ("03-11", date(2023, 3, 11)),
])
def test_month_day_takes_the_year_from_today(text: str, expected: date) -> None:
    assert dates.dates_in(text, TODAY) == [expected]


def test_month_day_takes_the_year_from_page_context() -> None:
    page = "更新于 2021-06-30 … [05-04] [12-30]"
    year = dates.context_year(page, TODAY)
    assert year == 2021
    assert dates.dates_in("[05-04]", TODAY, year) == [date(2021, 5, 4)]
    assert dates.dates_in("[12-30]", TODAY, year) == [date(2021, 12, 30)]


def test_month_day_rejections() -> None:
    assert dates.dates_in("4月26日（0-24时）", TODAY) == []  # 0-24 is no month-day
    assert dates.dates_in("[13-01]", TODAY) == []
    assert dates.dates_in("电话 0795-8819792", TODAY) == []
    assert dates.dates_in("[02-29]", date(2023, 3, 1)) == []  # 2023 has no 29 February…
    assert dates.resolve_month_day(2, 29, date(2025, 1, 10)) == date(2024, 2, 29)  # …2024 had one


def test_dates_in_keeps_document_order_and_does_not_reread_full_dates() -> None:
    assert dates.dates_in("2024-01-02 起 [03-04] 止", TODAY) == [date(2024, 1, 2), date(2024, 3, 4)]


def test_trailing_date_only_at_the_end_of_a_title() -> None:
    assert dates.trailing_date("关于做好防汛工作的通知 2024-03-01", TODAY) == date(2024, 3, 1)
    assert dates.trailing_date("关于做好防汛工作的通知（2024年3月1日）", TODAY) == date(2024, 3, 1)
    assert dates.trailing_date("关于2024年1月1日起调整标准的通知", TODAY) is None


@pytest.mark.parametrize("line, expected", [
    ("发布时间：2024-03-01 10:30 来源：本站", date(2024, 3, 1)),
    ("发布日期: 2023年5月6日", date(2023, 5, 6)),
    ("发布时间：2030-01-01", None),
    ("点击数：2024-03-01 无标签", None),
])
def test_labelled_dates(line: str, expected: date | None) -> None:
    assert dates.labelled_date(line, TODAY) == expected


def test_article_date_prefers_meta_then_label() -> None:
    meta = '<html><head><meta name="PubDate" content="2022-04-24 10:00:43"></head><body>发布时间：2023-01-01</body></html>'
    assert dates.article_date(meta, TODAY) == date(2022, 4, 24)
    first = '<meta name="firstpublishedtime" content="2021-08-09-10:11:12"><p>x</p>'
    assert dates.article_date(first, TODAY) == date(2021, 8, 9)
    label = "<html><body><div>发布日期：2023年5月6日</div><script>var t='发布时间：2020-01-01'</script></body></html>"
    assert dates.article_date(label, TODAY) == date(2023, 5, 6)
    future = '<meta name="PubDate" content="2031-01-01"><p>发布时间：2024-01-02</p>'
    assert dates.article_date(future, TODAY) == date(2024, 1, 2)
    assert dates.article_date("", TODAY) is None
    assert dates.article_date("<p>没有日期</p>", TODAY) is None
