"""build_report: what the renderers get from one hand-built scan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from report_scan import CRAWL_NOTE, EVIL, HOME, SITE, STARTED, TODAY

from govwatch.core.models import Finding
from govwatch.reports.evidence import readable_evidence
from govwatch.reports.model import Report, report_title


def row(report: Report, indicator_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in report.indicators if r.id == indicator_id)


def test_header_fields(report: Report) -> None:
    assert report.title == "示例市人民政府网站监测报告"
    assert report.site.name == "示例市人民政府" and report.site.kind_label == "门户网站"
    assert report.site.site_id_code == "3609000002" and report.site.host == "www.example.gov.cn"
    assert report.monitoring_date == TODAY and report.scan_started == STARTED
    assert report.scan_started_text == "2024-05-01 10:00:00"  # Beijing time
    assert report.duration_seconds == 75.5
    assert (report.rulebook.id, report.rulebook.version) == ("test-report-book", "2024.05")


def test_title_does_not_double_wangzhan() -> None:
    assert report_title(replace(SITE, name="示例市教育局网站")) == "示例市教育局网站监测报告"
    assert report_title(replace(SITE, name="")) == "www.example.gov.cn网站监测报告"


def test_verdict_and_indicator_table(report: Report) -> None:
    assert report.verdict == "合格" and report.total == 93.9 and report.deduction_score == 93.9
    assert row(report, "veto.home").status == "合格"
    stale = row(report, "deduct.stale")
    assert (stale.status, stale.points_lost, stale.confirmed) == ("不合格", 2.0, False)
    assert row(report, "deduct.links_inner").points_lost == 0.1
    assert row(report, "bonus.data").status == "未加分"
    assert row(report, "info.blocked").status == "提示"


def test_problems_grouped_by_indicator_then_unscored(report: Report) -> None:
    kinds = [g.kind for g in report.problem_groups]
    assert kinds == sorted(kinds, key=["veto", "deduct", "info", "unscored"].index)
    assert kinds[-1] == "unscored"
    by_id = {g.indicator_id: g for g in report.problem_groups}
    assert [p.code for p in by_id[""].problems] == ["weird.code"]
    assert by_id["deduct.blank"].problems[0].fix == "请补充栏目内容或撤并空白栏目。"  # indicator's fix
    assert by_id["deduct.stale"].problems[0].fix == "请及时更新“通知公告”栏目。"  # finding's own fix
    dead = by_id["deduct.links_home"].problems[0]
    assert dead.url == HOME + "missing.html" and dead.label == "首页链接不可用"
    referrers = next(e for e in dead.evidence if e.key == "referrers")
    assert referrers.label == "所在页面" and referrers.lines == (f"{HOME}（{EVIL}）",)
    long_list = next(e for e in by_id["deduct.links_inner"].problems[0].evidence if e.key == "referrers")
    assert len(long_list.lines) == 21 and "另有 10 项" in long_list.lines[-1]
    assert report.problem_count == 7


def test_columns_table(report: Report) -> None:
    status = {c.name: c.status for c in report.columns}
    assert status == {"要闻动态": "正常", "通知公告": "未及时更新", "政策文件": "空白", "人事信息": "无法访问"}
    news = report.columns[0]
    assert (news.latest, news.age_days, news.items, news.dated_items) == (date(2024, 4, 28), 3, 3, 2)
    assert news.type_label == "动态要闻" and news.source_label == "登记"


def test_link_stats_split_home_and_inner(report: Report) -> None:
    links = report.links
    assert (links.home.checked, links.home.ok, links.home.dead) == (2, 1, 1)
    assert (links.inner.checked, links.inner.dead, links.inner.blocked, links.inner.timeout) == (3, 1, 1, 1)
    assert links.total.checked == 5 and links.pages == 3 and links.pages_failed == 1
    assert {k.label for k in links.by_kind} == {"网页", "图片", "外部链接"}
    assert links.home_status.startswith("HTTP 200")


def test_identity_rows(report: Report) -> None:
    status = {i.label: i.status for i in report.identity}
    assert status["网站标识码（页面底部）"] == "与登记一致"
    assert status["ICP备案号"] == "与登记一致"  # spaces ignored
    assert status["公安机关备案号"] == "未发现"
    assert status["党政机关网站标识"] == "已发现"
    assert status["主办单位"] == "与登记一致"


def test_notes_derived_passed_and_deduplicated(report: Report) -> None:
    notes = report.notes
    assert notes.count(CRAWL_NOTE) == 1
    assert "本次监测未检查外部链接。" in notes
    assert any("待核实" in n for n in notes)
    assert any("1 项问题不对应" in n for n in notes)


def test_vetoed_report(make_report: Callable[..., Report]) -> None:
    stale_home = Finding("homepage.stale", HOME, HOME, "首页 14 天内无更新。", {"latest": "2024-04-01"})
    report = make_report(extra=[stale_home])
    assert report.verdict == "不合格" and report.vetoed and report.total is None and not report.scored
    assert report.problem_groups[0].indicator_id == "veto.home"
    assert any("首页不更新" in r for r in report.reasons)
    assert any("单项否决" in n for n in report.notes)


def test_findings_keep_order_and_indicator_ids(report: Report) -> None:
    assert [e.finding.code for e in report.findings][:3] == ["column.stale", "column.blank", "links.dead_home"]
    entry = {e.finding.code: e for e in report.findings}
    assert entry["links.dead_home"].indicator_ids == ("deduct.links_home",)
    assert entry["weird.code"].indicator_ids == () and entry["weird.code"].label == "weird.code"


def test_evidence_is_readable() -> None:
    url = HOME + "x.pdf"
    items = readable_evidence({
        "url": url, "kind": "attachment", "verdict": "dead", "status": 404, "error": None, "error_detail": "",
        "checked_at": "2024-05-01T02:00:00+00:00", "on_home": False, "type": "news", "type_name": "动态要闻",
        "columns": [{"column": "通知公告", "type": "notice", "latest_date": None}],
    }, url)
    shown = {i.key: i.lines for i in items}
    assert "url" not in shown and "error" not in shown and "error_detail" not in shown and "type" not in shown
    assert shown["kind"] == ("附件",) and shown["verdict"] == ("死链",) and shown["on_home"] == ("否",)
    assert shown["checked_at"] == ("2024-05-01 10:00:00（北京时间）",)
    assert shown["columns"] == ("栏目：通知公告；类型：通知公告；最新发布日期：（无）",)
    other = readable_evidence({"url": HOME + "other.html"}, url)
    assert other[0].label == "网址" and other[0].lines == (HOME + "other.html",)


def test_indicator_sources_read_without_internal_pointers() -> None:
    from govwatch.reports.sections import public_source
    from govwatch.rules.rulebook import default_rulebook

    assert public_source("国办秘函〔2019〕19号「首页不更新」（doc §1.1 [C]）；每处扣 1 分（分值 [U]）。") == \
        "国办秘函〔2019〕19号「首页不更新」；每处扣 1 分。"
    for indicator in default_rulebook().indicators:
        text = public_source(indicator.source)
        assert text and not any(mark in text for mark in ("doc §", "[C", "[U", "（）", "DESIGN.md")), text
