"""Period scores over the stored findings and probes, the stored Score rows and the fleet ranking."""

from __future__ import annotations

import pytest
from fleetkit import bj, finding, probe_day, probes, site, unit

from govwatch.core.errors import UsageError
from govwatch.services.scores import compute_period_scores, fleet_ranking
from govwatch.storage.models import Score

pytestmark = pytest.mark.django_db

AFTER_Q4 = bj(2027, 1, 5)


def _stale_ids(score: Score) -> list[int]:
    ind = next(i for i in score.detail["indicators"] if i["id"] == "publish.column_stale")
    return [f["id"] for f in ind["findings"]]


def test_quarter_counts_findings_open_at_some_moment_of_it() -> None:
    s = site("甲县人民政府", "www.jia.gov.cn")
    before = finding(s, "column.stale", bj(2026, 8, 1), path="a/", resolved_at=bj(2026, 9, 30, 23, 59))
    at_start = finding(s, "column.stale", bj(2026, 8, 1), path="b/", resolved_at=bj(2026, 10, 1))
    last_day = finding(s, "column.stale", bj(2026, 12, 31, 23, 59), path="c/")
    finding(s, "column.stale", bj(2027, 1, 1), path="d/")  # first seen after the quarter
    still_open = finding(s, "column.stale", bj(2026, 5, 1), path="e/")
    resolved_later = finding(s, "column.stale", bj(2026, 9, 1), path="f/", resolved_at=bj(2027, 1, 2))

    summary = compute_period_scores("2026Q4", AFTER_Q4)
    score = Score.objects.get(site=s, period="2026Q4")
    assert sorted(_stale_ids(score)) == sorted([at_start.id, last_day.id, still_open.id, resolved_later.id])
    assert before.id not in _stale_ids(score)
    assert score.total == 96 and score.deduction_score == 96 and score.verdict == "合格"
    assert (score.rulebook_id, summary.sites, summary.passed) == ("national-2019", 1, 1)
    assert score.detail["period"]["as_of"] == bj(2027, 1, 1).isoformat()  # a finished quarter: its end


def test_a_running_period_is_judged_up_to_now() -> None:
    s = site("乙县人民政府", "www.yi.gov.cn")
    finding(s, "column.blank", bj(2026, 11, 20), path="x/")
    compute_period_scores("2026Q4", bj(2026, 11, 10))
    assert Score.objects.get(site=s).total == 100  # the finding was first seen after "now"
    with pytest.raises(UsageError, match="尚未开始"):
        compute_period_scores("2027Q1", bj(2026, 11, 10))


def test_recomputing_updates_the_rows_instead_of_adding_some() -> None:
    s = site("丙县人民政府", "www.bing.gov.cn")
    compute_period_scores("2026Q4", AFTER_Q4)
    first = Score.objects.get(site=s, period="2026Q4")
    finding(s, "links.dead_home", bj(2026, 11, 1), path="dead.html", certainty="confirmed")
    finding(s, "links.dead_home", bj(2026, 11, 1), path="maybe.html", certainty="suspected")
    compute_period_scores("2026Q4", AFTER_Q4)
    again = Score.objects.get(site=s, period="2026Q4")
    assert Score.objects.count() == 1 and again.id == first.id
    assert (first.total, again.total) == (100, 99)  # the suspected dead link is listed, not counted
    assert len(again.detail["suspected"]) == 1


def test_probe_failures_reach_the_availability_veto() -> None:
    down = site("丁县人民政府", "www.ding.gov.cn")
    up = site("戊县人民政府", "www.wu.gov.cn")
    day = bj(2026, 11, 1)
    probes(down, day, ok=19, failed=1)  # 1 confirmed failure of 20 = 5 %
    probes(down, day, ok=0, failed=1, recheck=True)  # the confirming re-probe is no sample
    probes(down, day, ok=0, failed=5, kind="column")  # key-column failures do not decide the site
    probes(up, day, ok=19)
    probes(up, day, ok=0, failed=1, confirmed=False)  # refuted / unconfirmed: left out
    probes(up, day, ok=0, failed=3, excused=True)  # inside an approved 网站临时报备
    compute_period_scores("2026-11", bj(2026, 11, 2))
    vetoed, passed = Score.objects.get(site=down), Score.objects.get(site=up)
    assert vetoed.vetoed and vetoed.verdict == "不合格" and vetoed.total is None
    assert vetoed.detail["vetoes"] == ["站点无法访问"]
    veto = next(i for i in vetoed.detail["indicators"] if i["id"] == "veto.availability")
    assert veto["findings"][0]["id"] is None and veto["findings"][0]["code"] == "availability.veto"
    avail = passed.detail["availability"]
    assert not passed.vetoed and (avail["probes_counted"], avail["failures"]) == (19, 0)
    assert (avail["excused"], avail["unconfirmed"]) == (3, 1)


def test_downsampled_days_count_with_raw_probes() -> None:
    s = site("己县人民政府", "www.ji.gov.cn")
    probe_day(s, bj(2026, 1, 1), total=20, failures=1)
    probes(s, bj(2026, 1, 2), ok=19, failed=1)
    compute_period_scores("2026", bj(2026, 1, 3))
    avail = Score.objects.get(site=s, period="2026").detail["availability"]
    assert (avail["probes_counted"], avail["failures"], avail["verdict"]) == (40, 2, "veto")


def test_ranking_by_level_and_kind_ties_share_a_rank_and_vetoed_sites_come_last() -> None:
    a, b, c = (site(n, h) for n, h in (("甲县", "www.a.gov.cn"), ("乙县", "www.b.gov.cn"), ("丙县", "www.c.gov.cn")))
    d, e = site("丁县", "www.d.gov.cn"), site("戊县", "www.e.gov.cn")
    city = site("示例市人民政府", "www.city.gov.cn", level="市")
    dept = site("甲县教育局", "jyj.a.gov.cn", kind="department", owner=unit("甲县教育局", "县"))
    for s in (a, b):
        finding(s, "column.stale", bj(2026, 11, 1), path="news/")
    for n in range(3):
        finding(c, "column.stale", bj(2026, 11, 1), path=f"n{n}/")
    finding(d, "homepage.stale", bj(2026, 11, 1))
    finding(e, "homepage.stale", bj(2026, 11, 1))
    finding(e, "column.blank", bj(2026, 11, 1), path="blank/")
    finding(dept, "homepage.stale", bj(2026, 11, 1))

    compute_period_scores("2026Q4", AFTER_Q4)
    county = fleet_ranking("2026Q4", level="县", kind="portal")
    assert [(r.site, r.rank, r.total) for r in county] == [
        ("乙县", 1, 99), ("甲县", 1, 99), ("丙县", 3, 97), ("丁县", 4, None), ("戊县", 4, None)]
    assert county[-1].vetoes == ("首页不更新",) and county[0].group == "县级门户网站"
    everything = fleet_ranking("2026Q4")
    assert [r.group for r in everything][:1] == ["市级门户网站"] and everything[0].site == city.name
    assert [(r.site, r.rank, r.verdict) for r in everything if r.kind == "department"] == [("甲县教育局", 1, "不合格")]
    stored = {sc.site.name: sc.rank for sc in Score.objects.select_related("site")}
    assert stored["丙县"] == 3 and stored["戊县"] == 4 and stored["示例市人民政府"] == 1
    assert fleet_ranking("2026Q3") == []
