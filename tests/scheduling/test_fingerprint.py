"""Pure parts of findings across runs: fingerprints, merging one scan's duplicates, 疑似/确定不可用."""

from __future__ import annotations

from datetime import UTC, date, datetime

from govwatch.core.fingerprint import finding_fingerprint, fingerprint
from govwatch.core.models import Finding
from govwatch.services.persist import add_day, china_day, dead_link_state, merged_findings

HOME = "http://www.shilixian.gov.cn/"


def _dead(url: str, **evidence: object) -> Finding:
    return Finding("links.dead_home", HOME, url, f"首页存在不可用链接：{url}", evidence)


def test_a_fingerprint_ignores_what_changes_between_scans() -> None:
    one = _dead("http://www.shilixian.gov.cn/gone.html", status=404, seconds=0.1, checked_at="2026-05-11T02:00")
    two = _dead("HTTP://WWW.shilixian.gov.cn/gone.html#top", status=410, seconds=3.2, checked_at="2026-05-12T02:00")
    assert finding_fingerprint(HOME, one) == finding_fingerprint(HOME, two)
    assert len(finding_fingerprint(HOME, one)) == 64 and int(finding_fingerprint(HOME, one), 16) >= 0


def test_a_fingerprint_tells_apart_code_url_site_and_column() -> None:
    url = "http://www.shilixian.gov.cn/xwdt/"
    base = fingerprint(HOME, "column.stale", url, {"column": "新闻动态", "days_since": 30})
    assert base == fingerprint(HOME, "column.stale", url, {"column": "新闻动态", "days_since": 31})
    assert base != fingerprint(HOME, "column.stale", url, {"column": "工作动态"})  # two columns, one URL
    assert base != fingerprint(HOME, "column.blank", url, {"column": "新闻动态"})
    assert base != fingerprint(HOME, "column.stale", url + "index.html", {"column": "新闻动态"})
    assert base != fingerprint("http://www.other.gov.cn/", "column.stale", url, {"column": "新闻动态"})
    check = fingerprint(HOME, "check.error", HOME, {"check": "links"})
    assert check != fingerprint(HOME, "check.error", HOME, {"check": "column_stale"})


def test_one_scans_findings_with_one_fingerprint_become_one_with_counts_added() -> None:
    a = Finding("typo.found", HOME, HOME, "错别字", {"key": "国务院"}, count=2)
    b = Finding("typo.found", HOME, HOME, "错别字", {"key": "国务院"}, count=3)
    c = Finding("typo.found", HOME, HOME, "错别字", {"key": "人民政府"})
    merged = merged_findings(HOME, [a, b, c])
    assert sorted(f.count for f in merged.values()) == [1, 5]


def test_suspected_on_one_day_confirmed_on_another_with_days_counted_inclusively() -> None:
    since = date(2026, 5, 1)
    assert dead_link_state(["2026-05-01"], since, date(2026, 5, 1)) == ("suspected", 1)
    assert dead_link_state(["2026-05-01", "2026-05-03"], since, date(2026, 5, 3)) == ("confirmed", 3)
    # Days before the current open spell (an earlier, fixed breakage) do not count.
    assert dead_link_state(["2026-04-20", "2026-05-01"], since, date(2026, 5, 1)) == ("suspected", 1)


def test_days_are_beijing_calendar_days_without_repeats() -> None:
    assert china_day(datetime(2026, 5, 10, 16, 30, tzinfo=UTC)) == date(2026, 5, 11)  # 00:30 in Beijing
    assert add_day(["2026-05-11", "2026-05-09"], date(2026, 5, 11)) == ["2026-05-09", "2026-05-11"]
