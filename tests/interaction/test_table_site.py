"""A county portal in a table-style CMS: 领导信箱 message table with detail pages, 办事指南 tables with an
empty 办理材料, a .doc that returns an HTML error page with status 200, a .xls that 404s, a dead online
system, interpretations without their policy links and a leaders page without posts — scanned for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scankit import TODAY, scan_fixture

from govwatch.core.models import Finding
from govwatch.extract.interaction import ANSWERED, INVALID, PENDING, interaction_facts
from govwatch.services.scan import ScanOutcome


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> ScanOutcome:
    return scan_fixture("table", tmp_path_factory.mktemp("report"))


def by_code(outcome: ScanOutcome, code: str) -> list[Finding]:
    return [f for f in outcome.findings if f.code == code]


def test_message_table_rows_are_read_with_dates_and_statuses(outcome: ScanOutcome) -> None:
    messages = {m.title: m for m in interaction_facts(outcome.crawl, TODAY).messages}
    assert len(messages) == 5
    assert messages["关于小区停车难的咨询"].status == ANSWERED and messages["关于小区停车难的咨询"].replier == "县住建局"
    lamp = messages["反映村道路灯损坏问题"]
    assert (lamp.asked.isoformat(), lamp.answered, lamp.status, lamp.status_text) == ("2025-03-22", None, PENDING, "办理中")
    assert messages["测试"].status == INVALID
    # the 部门动态 list (titles with 已受理 / 已办结 / 办理中) is no message list
    assert not [m for m in messages.values() if "/xwzx/" in m.page_url]


def test_message_unanswered_for_100_days_vetoes_with_the_message_as_evidence(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "interaction.unanswered")  # not the 2024 letter (outside the year), not 测试 (无效)
    assert finding.url.endswith("/hdjl/ldxx/m3.html")
    ev = finding.evidence
    assert (ev["title"], ev["asked"], ev["answered"], ev["latency_days"]) == ("反映村道路灯损坏问题", "2025-03-22", None, 100)
    assert ev["status_text"] == "办理中" and ev["latency_workdays"] > 60
    assert outcome.score.verdict == "不合格"
    assert not by_code(outcome, "interaction.no_channel")  # 领导信箱 with its 我要写信 form works


def test_answer_after_five_working_days_is_a_deduction(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "interaction.slow_reply")
    assert finding.count == 1
    (late,) = finding.evidence["messages"]
    assert (late["title"], late["asked"], late["answered"]) == ("咨询社保补缴政策", "2025-05-06", "2025-05-22")
    assert late["latency_days"] == 16 and late["latency_workdays"] == 12


def test_interview_activities_within_the_year_are_counted(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "interaction.activities")
    assert (finding.evidence["interview"], finding.evidence["survey"]) == (2, 0)  # the 2024-03 one is too old


def test_guide_with_empty_materials_is_incomplete_and_the_full_one_is_not(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "service.guide_incomplete")
    assert finding.url.endswith("/bsfw/g2.html")
    assert finding.evidence["empty"] == ["办理材料"] and finding.evidence["missing"] == []
    assert "事项名称" in finding.evidence["present"] and "办理材料" in finding.message


def test_html_error_page_and_404_attachments_are_broken_the_pdf_is_not(outcome: ScanOutcome) -> None:
    found = {f.url.rsplit("/", 1)[-1]: f for f in by_code(outcome, "service.attachment_broken")}
    assert set(found) == {"sqb.doc", "cns.xls"}
    doc = found["sqb.doc"].evidence
    assert (doc["status"], doc["content_type"]) == (200, "text/html") and "网页" in doc["problem"]
    assert doc["referrers"][0]["page"].endswith("/bsfw/g2.html")
    assert found["cns.xls"].evidence["status"] == 404


def test_dead_online_system_is_reported(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "service.system_down")
    assert finding.url.endswith("/wsbs/") and finding.evidence["name"] == "网上办事大厅"


def test_interpretations_without_policy_link_or_back_link(outcome: ScanOutcome) -> None:
    found = {f.url.rsplit("/", 1)[-1]: f for f in by_code(outcome, "disclosure.interpretation_unlinked")}
    assert set(found) == {"j2.html", "j3.html"}  # j1 ↔ w1 are linked both ways
    assert found["j2.html"].evidence["policy_url"].endswith("/zcwj/w2.html")
    assert found["j2.html"].evidence["links_back"] is False
    assert found["j3.html"].evidence["policy_url"] is None


def test_leaders_page_without_posts_and_duties_is_incomplete(outcome: ScanOutcome) -> None:
    (finding,) = by_code(outcome, "disclosure.overview_incomplete")  # 机构职能 is complete
    assert finding.url.endswith("/zwgk/ldxx.html") and finding.evidence["lacks"] == ["姓名职务", "分工"]


def test_report_shows_every_new_finding_under_its_indicator(outcome: ScanOutcome) -> None:
    report = json.loads(Path(outcome.files["json"]).read_text(encoding="utf-8"))
    indicators = {f["code"]: f["indicators"] for f in report["findings"]}
    expected = {
        "interaction.unanswered": "veto.interaction_unanswered", "interaction.slow_reply": "interaction.slow_reply",
        "service.guide_incomplete": "service.guide_incomplete", "service.attachment_broken": "service.attachment_broken",
        "service.system_down": "service.system_down",
        "disclosure.interpretation_unlinked": "disclosure.interpretation_unlinked",
        "disclosure.overview_incomplete": "disclosure.overview_incomplete",
        "interaction.activities": "info.interaction_activities",
    }
    for code, indicator in expected.items():
        assert indicators[code] == [indicator], code
    assert report["verdict"] == "不合格"
    html = Path(outcome.files["html"]).read_text(encoding="utf-8")
    for words in ("互动回应差（留言超过 3 个月未回应）", "反映村道路灯损坏问题", "办事指南要素不全", "个体工商户设立登记申请书.doc",
                  "解读关联", "概况信息"):
        assert words in html, words
