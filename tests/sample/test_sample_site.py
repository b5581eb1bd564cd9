"""The bundled sample government site: valid UTF-8, placeholders rendered, and the facts and findings it
is designed to give (合格 with a few deductions, no veto) when read through the sample server."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sample_helpers import fetch_page, sample_crawl, sample_paths

from govwatch.checks.base import ScanContext
from govwatch.checks.runner import run_checks
from govwatch.core import ColumnType, SiteSpec
from govwatch.extract import build_facts
from govwatch.rules.rulebook import default_rulebook
from govwatch.sample.server import SAMPLE_SITE, ServerThread, render_dates

PLACEHOLDER = re.compile(r"\{\{d-\d+(?::[^}]+)?\}\}")
# Sample day chosen so that month-day dates cross the new year (d-6 is 2023-12-30).
TODAY = date(2024, 1, 5)


def test_sample_is_small_and_every_text_file_is_utf8() -> None:
    files = [f for f in SAMPLE_SITE.rglob("*") if f.is_file()]
    assert 20 <= len(files) <= 40
    for file in files:
        if file.suffix in (".html", ".css", ".txt"):
            file.read_bytes().decode("utf-8")  # raises on invalid UTF-8


def test_sample_binary_files_are_real_formats() -> None:
    assert (SAMPLE_SITE / "files" / "plan.pdf").read_bytes().startswith(b"%PDF-1.4")
    assert (SAMPLE_SITE / "files" / "plan.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    for png in (SAMPLE_SITE / "images").glob("*.png"):
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_every_placeholder_renders_to_a_date() -> None:
    seen = 0
    for file in SAMPLE_SITE.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        seen += len(PLACEHOLDER.findall(text))
        rendered = render_dates(text, TODAY)
        assert "{{" not in rendered, file
    assert seen > 40
    assert render_dates("{{d-6:[%m-%d]}} {{d-200:%Y年%-m月%-d日}}", TODAY) == "[12-30] 2023年6月19日"


def test_served_pages_have_no_placeholders_left(sample_server: ServerThread) -> None:
    for path in sample_paths():
        page = fetch_page(sample_server.url + path, depth=1)
        assert page.fetch.status == 200, path
        assert "{{" not in page.html, path
    assert "Disallow: /admin/" in fetch_page(sample_server.url + "/robots.txt", 1).html


@pytest.fixture(scope="module")
def scanned():  # type: ignore[no-untyped-def]
    with ServerThread(today=TODAY) as srv:
        site = SiteSpec(home_url=srv.url + "/", name="示例县人民政府", site_id_code="3609990001")
        crawl = sample_crawl(srv.url, site)
    facts = build_facts(crawl, site, TODAY)
    findings = run_checks(ScanContext(site, crawl, facts, TODAY), default_rulebook())
    return facts, findings


def test_sample_columns_are_found_with_their_types_and_dates(scanned) -> None:  # type: ignore[no-untyped-def]
    facts, _ = scanned
    cols = {c.name: c for c in facts.columns}
    expect = {"要闻动态": (ColumnType.NEWS, 1), "部门动态": (ColumnType.NEWS, 2), "通知公告": (ColumnType.NOTICE, 200),
              "政策文件": (ColumnType.POLICY, 10), "政策解读": (ColumnType.INTERPRETATION, 9),
              "规划计划": (ColumnType.PLAN, 420), "统计数据": (ColumnType.STATISTICS, 95)}
    for name, (ctype, days) in expect.items():
        assert cols[name].type is ctype, name
        assert cols[name].latest == TODAY - timedelta(days=days), name
    assert cols["人事信息"].blank and not cols["人事信息"].items
    assert not any(c.blank for n, c in cols.items() if n != "人事信息")
    assert {cols["领导信息"].type, cols["机构职能"].type} == {ColumnType.OVERVIEW}
    bmdt = sorted(i.published for i in cols["部门动态"].items if i.published)
    assert bmdt[0] == date(2023, 12, 11)  # [12-11] seen on 2024-01-05 is last year's


def test_sample_home_and_identity(scanned) -> None:  # type: ignore[no-untyped-def]
    facts, _ = scanned
    assert max(i.published for i in facts.home_items if i.published) == TODAY - timedelta(days=1)
    ident = facts.identity
    assert ident.site_id_codes == ("3609990001",) and ident.meta_site_id == "3609990001"
    assert ident.icp == ("赣ICP备12345678号-1",) and ident.police_filings == ("赣公网安备 36099902000001号",)
    assert ident.badge and ident.units == ("示例县人民政府办公室",) and "0797-1234567" in ident.contacts


def test_sample_gives_a_few_deductions_and_no_veto(scanned) -> None:  # type: ignore[no-untyped-def]
    _, findings = scanned
    codes = sorted(f.code for f in findings if f.code != "domain.not_gov_cn")  # served on 127.0.0.1
    assert codes == ["column.blank", "column.stale", "column.stale"]
    stale = {f.evidence["column"] for f in findings if f.code == "column.stale"}
    assert stale == {"通知公告", "规划计划"}
