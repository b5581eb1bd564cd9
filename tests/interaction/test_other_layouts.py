"""Other CMS layouts scanned for real: a town site whose only channels are 纪检举报 / 网上信访 / 找错, a
district site with a status-badge message list and <dl> detail pages, a 乡长信箱 that shows only a count."""

from __future__ import annotations

from scankit import TODAY, scan_fixture

from govwatch.extract.interaction import ANSWERED, PENDING, interaction_facts
from govwatch.extract.services import service_facts


def codes(outcome) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in outcome.findings}


def test_site_whose_only_channels_are_discipline_and_petition_fails_no_channel() -> None:
    outcome = scan_fixture("jijian")
    (finding,) = [f for f in outcome.findings if f.code == "interaction.no_channel"]
    kinds = {c["name"]: c["kind"] for c in finding.evidence["channels"]}
    assert kinds == {"纪检举报": "信访举报/纠错", "网上信访": "信访举报/纠错", "我为政府网站找错": "信访举报/纠错"}
    assert all(c["has_form"] for c in finding.evidence["channels"] if c["name"] != "我为政府网站找错")
    assert outcome.score.verdict == "不合格"
    assert "service.none" not in codes(outcome)  # 办事服务 is linked


def test_same_site_as_a_department_is_not_judged_for_services() -> None:
    outcome = scan_fixture("countonly", kind="department")
    assert "service.none" not in codes(outcome)


def test_status_badge_list_and_dl_detail_pages() -> None:
    outcome = scan_fixture("badges")
    messages = {m.title: m for m in interaction_facts(outcome.crawl, TODAY).messages}
    assert set(messages) == {"咨询新生儿医保办理流程", "关于公积金提取的咨询", "小区加装电梯补贴咨询", "老旧小区改造时间安排"}
    first = messages["咨询新生儿医保办理流程"]
    # the list row gives the badge and the asked day; the <dl> detail page adds the answer day and unit
    assert (first.status_text, first.asked.isoformat(), first.answered.isoformat(), first.replier) == (
        "已回复", "2025-06-16", "2025-06-18", "区医保局")
    assert messages["老旧小区改造时间安排"].answered.isoformat() == "2024-12-04"  # 「时间」 in its title is no label
    pending = messages["小区加装电梯补贴咨询"]
    assert (pending.status, pending.answered) == (PENDING, None)
    assert sum(m.status == ANSWERED for m in messages.values()) == 3
    found = codes(outcome)
    assert "interaction.unanswered" not in found and "interaction.no_channel" not in found  # pending 20 days only
    (slow,) = [f for f in outcome.findings if f.code == "interaction.slow_reply"]
    assert [m["title"] for m in slow.evidence["messages"]] == ["关于公积金提取的咨询"]
    (acts,) = [f for f in outcome.findings if f.code == "interaction.activities"]
    assert acts.evidence["survey"] == 3  # 2025-06-28, 2025-01-06, 2024-11-20; not 2024-03-01


def test_text_layout_guide_with_synonym_labels_is_complete() -> None:
    outcome = scan_fixture("badges")
    (guide,) = service_facts(outcome.crawl).guides
    assert guide.title == "生育登记服务指南" and not guide.missing and not guide.empty
    assert "service.guide_incomplete" not in codes(outcome) and "service.attachment_broken" not in codes(outcome)


def test_mailbox_showing_only_a_count_is_not_public() -> None:
    outcome = scan_fixture("countonly")
    (finding,) = [f for f in outcome.findings if f.code == "interaction.not_public"]
    assert finding.url.endswith("/hdjl/") and "126 件" in finding.message
    assert "interaction.no_channel" not in codes(outcome) and "interaction.unanswered" not in codes(outcome)


def test_veto_found_on_a_crawl_cut_by_its_page_limit_asks_for_a_review() -> None:
    outcome = scan_fixture("jijian", max_pages=1)
    assert outcome.crawl.stats.limit_reached
    (finding,) = [f for f in outcome.findings if f.code == "interaction.no_channel"]
    assert finding.evidence["limit_reached"] is True and "请人工复核" in finding.message
    full = scan_fixture("jijian")
    (complete,) = [f for f in full.findings if f.code == "interaction.no_channel"]
    assert complete.evidence["limit_reached"] is False and "复核" not in complete.message
