"""List rows: which elements are rows, where their date comes from, what is skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from crawlkit import doc, rows

from govwatch.extract.html import parse
from govwatch.extract.lists import dated_rows, list_groups, main_list

TODAY = date(2024, 3, 10)
BASE = "http://www.example.gov.cn/col/index.html"


def test_rows_with_dates_outside_and_inside_the_link() -> None:
    html = doc(rows(("a.html", "标题一", "2024-03-01"), ("b.html", "标题二", "[03-02]"), ("/c.html", "标题三", "(2024/01/05)"))
               + '<ul><li><a href="d.html"><span>标题四</span><span>2024.02.03</span></a></li></ul>')
    items = dated_rows(parse(html), BASE, TODAY)
    assert [(i.url.rsplit("/", 1)[-1], i.published) for i in items] == [
        ("a.html", date(2024, 3, 1)), ("b.html", date(2024, 3, 2)), ("c.html", date(2024, 1, 5)),
        ("d.html", date(2024, 2, 3)),
    ]
    assert items[0].url == "http://www.example.gov.cn/col/a.html"
    assert items[2].url == "http://www.example.gov.cn/c.html"


def test_a_date_inside_the_title_is_not_the_row_date() -> None:
    html = doc(rows(("a.html", "关于2024年1月1日起调整收费标准的通知", "")))
    assert dated_rows(parse(html), BASE, TODAY) == ()


def test_table_rows_are_rows() -> None:
    trs = "".join(f'<tr><td>{n}</td><td><a href="w{n}.html">文件{n}</a></td><td>示政发〔2024〕{n}号</td>'
                  f"<td>2024-02-0{n}</td></tr>" for n in range(1, 5))
    group = main_list(parse(doc(f"<table>{trs}</table>")), BASE, TODAY)
    assert group is not None and group.dated == 4
    assert [i.title for i in group.rows] == ["文件1", "文件2", "文件3", "文件4"]


def test_a_container_of_lists_is_not_a_row() -> None:
    lists = "".join(rows((f"{k}1.html", "甲", "2024-01-01"), (f"{k}2.html", "乙", "2024-01-02"),
                         (f"{k}3.html", "丙", "2024-01-03")) for k in "xyz")
    groups = list_groups(parse(doc(f'<div class="wrap">{lists}</div>')), BASE, TODAY)
    assert len(groups) == 3 and all(g.dated == 3 for g in groups)


def test_main_list_prefers_content_over_sidebar() -> None:
    side = '<div class="sidebar">' + rows(*[(f"s{n}.html", f"热点{n}", f"2024-03-0{n}") for n in range(1, 7)]) + "</div>"
    main = rows(*[(f"m{n}.html", f"正文{n}", f"2023-12-0{n}") for n in range(1, 4)])
    group = main_list(parse(doc(side + main)), BASE, TODAY)
    assert group is not None and [i.title for i in group.rows] == ["正文1", "正文2", "正文3"]


def test_footer_rows_are_not_homepage_items() -> None:
    html = doc(rows(("a.html", "新闻", "2024-03-01")) + '<div class="footer"><p><a href="x.html">网站地图</a> 更新于 2024-03-09</p></div>')
    assert [i.title for i in dated_rows(parse(html), BASE, TODAY)] == ["新闻"]


def test_not_list_shaped_below_three_dated_rows() -> None:
    assert main_list(parse(doc(rows(("a.html", "一", "2024-01-01"), ("b.html", "二", "2024-01-02")))), BASE, TODAY) is None


@pytest.mark.corpus
def test_shanghai_list_page(corpus: Path) -> None:
    html = (corpus / "sites" / "wsjkw.sh.gov.cn" / "yqtb" / "index.html").read_text(encoding="utf-8")
    group = main_list(parse(html), "https://wsjkw.sh.gov.cn/yqtb/index.html", date(2022, 4, 28))
    assert group is not None and group.dated == 20 and len(group.rows) == 20
    days = [i.published for i in group.rows]
    assert max(d for d in days if d) == date(2022, 4, 27)
    assert min(d for d in days if d) == date(2022, 4, 17)
    assert sum(1 for i in group.rows if i.url.startswith("https://wsjkw.sh.gov.cn/xwfb/")) == 9
