"""Scoring rules of 国办秘函〔2019〕19号 指标说明 over a small hand-written rulebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.core.models import Finding, SiteSpec
from govwatch.core.score import FAIL, PASS
from govwatch.rules.rulebook import Rulebook, load_rulebook
from govwatch.scoring import score_site

RULEBOOK_YAML = """
id: test-book
version: "2024.1"
title: 测试指标体系
source: 单元测试
indicators:
  - id: veto.home_stale
    title: 首页不更新
    kind: veto
    check: homepage.stale
    source: 指标说明 单项否决
  - id: veto.interaction
    title: 互动回应差
    kind: veto
    check: interaction.none
    applies_to: [portal]
    source: 指标说明 单项否决
  - id: deduct.links_home
    title: 首页链接可用性
    kind: deduct
    check: links.dead_home
    points: 1
    cap: 5
    group: 功能设计
    source: 2015 普查
    confirmed: false
  - id: deduct.links_inner
    title: 其他页面链接可用性
    kind: deduct
    check: links.dead_inner
    points: 0.1
    cap: 50
    group: 功能设计
    source: 2015 普查
  - id: deduct.blank
    title: 栏目空白
    kind: deduct
    check: column.blank
    points: 2
    cap: 10
    group: 发布解读
    applies_to: [portal]
    source: 指标说明
  - id: deduct.guide
    title: 办事指南
    kind: deduct
    check: service.guide
    points: 5
    cap: 25
    group: 办事服务
    source: 指标说明
  - id: bonus.data
    title: 数据发布
    kind: bonus
    check: bonus.data
    points: 5
    cap: 10
    source: 加分指标
  - id: bonus.search
    title: 智能搜索
    kind: bonus
    check: bonus.search
    points: 30
    source: 加分指标
  - id: info.blocked
    title: 访问受限链接
    kind: info
    check: links.blocked
    source: 提示
"""

HOME = "http://www.example.gov.cn/"


@pytest.fixture
def rulebook(tmp_path: Path) -> Rulebook:
    path = tmp_path / "book.yaml"
    path.write_text(RULEBOOK_YAML, encoding="utf-8")
    return load_rulebook(path)


def finding(code: str, count: int = 1, url: str = HOME) -> Finding:
    return Finding(code=code, target=HOME, url=url, message=f"{code} 问题", evidence={"n": count}, count=count)


PORTAL = SiteSpec(home_url=HOME, name="示例市人民政府", kind="portal")
DEPARTMENT = SiteSpec(home_url="http://jyj.example.gov.cn/", name="示例市教育局", kind="department")


def result(score, indicator_id):  # type: ignore[no-untyped-def]
    return next(r for r in score.results if r.indicator_id == indicator_id)


def test_clean_site_scores_full_marks_and_records_rulebook(rulebook: Rulebook) -> None:
    score = score_site([], rulebook, PORTAL)
    assert (score.verdict, score.vetoed, score.scored) == (PASS, False, True)
    assert (score.deduction_score, score.total, score.bonus) == (100.0, 100.0, 0.0)
    assert (score.rulebook_id, score.rulebook_version) == ("test-book", "2024.1")
    assert all(r.passed for r in score.results)
    assert score.reasons == ()


def test_veto_wins_over_everything(rulebook: Rulebook) -> None:
    findings = [finding("homepage.stale"), finding("links.dead_home", 2), finding("bonus.data")]
    score = score_site(findings, rulebook, PORTAL)
    assert score.verdict == FAIL and score.vetoed and not score.scored
    assert score.total is None
    assert score.bonus == 0.0 and not score.bonus_counted
    # deductions are still listed for information
    assert result(score, "deduct.links_home").points_lost == 2.0
    assert score.deduction_score == 98.0
    assert not result(score, "veto.home_stale").passed
    assert any("首页不更新" in reason for reason in score.reasons)


def test_deduction_is_capped_per_indicator(rulebook: Rulebook) -> None:
    score = score_site([finding("links.dead_home", 3), finding("links.dead_home", 5)], rulebook, PORTAL)
    home = result(score, "deduct.links_home")
    assert home.points_lost == 5.0 and not home.passed and len(home.findings) == 2
    assert not home.confirmed
    assert score.deduction_score == 95.0 and score.total == 95.0 and score.verdict == PASS


def test_59_9_fails_and_60_passes(rulebook: Rulebook) -> None:
    base = [finding("column.blank", 5)]  # 10 points, capped
    at_60 = score_site([*base, finding("links.dead_inner", 300)], rulebook, PORTAL)  # 100 - 10 - 30
    assert at_60.total == 60.0 and at_60.verdict == PASS and at_60.reasons == ()
    below = score_site([*base, finding("links.dead_inner", 301)], rulebook, PORTAL)  # 59.9
    assert below.total == 59.9 and below.verdict == FAIL and not below.vetoed
    assert any("59.9" in reason and "60" in reason for reason in below.reasons)


def test_bonus_counts_only_above_80(rulebook: Rulebook) -> None:
    at_80 = score_site([finding("links.dead_inner", 200), finding("bonus.data")], rulebook, PORTAL)
    assert at_80.deduction_score == 80.0 and not at_80.bonus_counted
    assert at_80.bonus == 0.0 and at_80.total == 80.0
    assert result(at_80, "bonus.data").points_gained == 5.0  # earned, but not counted
    above = score_site([finding("links.dead_inner", 199), finding("bonus.data")], rulebook, PORTAL)
    assert above.bonus_counted and above.bonus == 5.0 and above.total == 85.1


def test_bonus_is_capped_per_indicator_and_in_total(rulebook: Rulebook) -> None:
    score = score_site([finding("bonus.data", 4), finding("bonus.search")], rulebook, PORTAL)
    assert result(score, "bonus.data").points_gained == 10.0
    assert result(score, "bonus.search").points_gained == 30.0
    assert score.bonus == 30.0 and score.total == 130.0


def test_unscored_codes_and_info_indicators(rulebook: Rulebook) -> None:
    odd = finding("something.new")
    score = score_site([odd, finding("links.blocked", 7)], rulebook, PORTAL)
    assert score.unscored == (odd,)
    blocked = result(score, "info.blocked")
    assert not blocked.passed and blocked.points_lost == 0 and blocked.points_gained == 0
    assert score.total == 100.0 and score.verdict == PASS


def test_applies_to_follows_site_kind(rulebook: Rulebook) -> None:
    findings = [finding("interaction.none"), finding("column.blank", 2)]
    portal = score_site(findings, rulebook, PORTAL)
    assert portal.vetoed and result(portal, "deduct.blank").points_lost == 4.0
    dept = score_site(findings, rulebook, DEPARTMENT)
    ids = {r.indicator_id for r in dept.results}
    assert "veto.interaction" not in ids and "deduct.blank" not in ids
    assert not dept.vetoed and dept.total == 100.0 and dept.site_kind == "department"
    assert list(dept.unscored) == findings


def test_department_without_service_duties_scores_out_of_75(rulebook: Rulebook) -> None:
    findings = [finding("links.dead_home", 5), finding("service.guide", 2)]
    with_services = score_site(findings, rulebook, DEPARTMENT)
    assert with_services.deduction_score == 85.0
    without = score_site(findings, rulebook, DEPARTMENT, service_duties=False)
    assert without.deduction_score == 93.33  # (75 - 5) × 4/3
    assert "deduct.guide" not in {r.indicator_id for r in without.results}
    assert [f.code for f in without.unscored] == ["service.guide"]


def test_check_error_marks_indicator_not_evaluated(rulebook: Rulebook) -> None:
    error = Finding(code="check.error", target=HOME, url=HOME, message="检查出错",
                    evidence={"check": "homepage.stale", "error": "ValueError()"})
    score = score_site([error], rulebook, PORTAL)
    assert not result(score, "veto.home_stale").evaluated
    assert result(score, "deduct.links_home").evaluated
    assert score.unscored == (error,)


def test_zero_or_negative_counts_deduct_nothing(rulebook: Rulebook) -> None:
    score = score_site([finding("links.dead_home", 0), finding("links.dead_home", -3)], rulebook, PORTAL)
    assert score.deduction_score == 100.0
    assert not result(score, "deduct.links_home").passed


VETO_ONLY_FOR_DEPARTMENTS = """
id: national-like
version: "1"
title: 门户计分、部门只判否决
source: 单元测试
indicators:
  - {id: veto.home, title: 首页不更新, kind: veto, check: homepage.stale, source: 指标说明}
  - {id: deduct.links, title: 链接可用性, kind: deduct, check: links.dead_home, points: 1, cap: 5,
     applies_to: [portal], source: 指标说明}
"""


def test_kind_without_points_is_judged_on_vetoes_alone(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(VETO_ONLY_FOR_DEPARTMENTS, encoding="utf-8")
    book = load_rulebook(path)
    dead = finding("links.dead_home", 3)
    dept = score_site([dead], book, DEPARTMENT)
    assert (dept.verdict, dept.vetoed, dept.scored, dept.total) == (PASS, False, False, None)
    assert dept.unscored == (dead,) and dept.reasons == ()
    vetoed = score_site([dead, finding("homepage.stale")], book, DEPARTMENT)
    assert vetoed.verdict == FAIL and vetoed.vetoed and vetoed.total is None
    portal = score_site([dead], book, PORTAL)
    assert portal.scored and portal.total == 97.0


def test_indicators_whose_check_did_not_run_are_not_shown_as_passed(rulebook: Rulebook) -> None:
    site = SiteSpec(home_url="http://www.example.gov.cn/")
    score = score_site([], rulebook, site, checks_run={"links.dead_home", "links.dead_inner"})
    ran = {r.indicator_id: r.ran for r in score.results}
    assert ran["deduct.links_home"] and ran["deduct.links_inner"]
    assert not ran["veto.home_stale"]
    assert all(r.ran for r in score_site([], rulebook, site).results)


def test_an_unreadable_homepage_is_undetermined_not_passed(rulebook: Rulebook) -> None:
    site = SiteSpec(home_url=HOME)
    score = score_site([finding("homepage.unreachable"), finding("links.dead_home", 2)], rulebook, site)
    assert score.verdict == "无法判定" and not score.passed and not score.vetoed
    assert score.total is None and not score.scored and len(score.reasons) == 1
    assert not any(r.evaluated for r in score.results if r.kind != "info")
