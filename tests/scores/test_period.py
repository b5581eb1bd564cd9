"""Periods, period availability and ranking keys — the pure side of period scores."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fleetkit import bj

from govwatch.checks.availability import Params, Tally
from govwatch.core.errors import UsageError
from govwatch.core.models import Finding, SiteSpec
from govwatch.rules.rulebook import default_rulebook
from govwatch.scoring.period import (
    StoredFinding,
    allocate,
    competition_ranks,
    elapsed_days,
    judge_period_availability,
    parse_period,
    period_containing,
    probe_params,
    score_period,
    standing_key,
)


@pytest.mark.parametrize("text, label, start, end, title", [
    ("2026Q4", "2026Q4", bj(2026, 10, 1), bj(2027, 1, 1), "2026年第四季度"),
    ("2026q1", "2026Q1", bj(2026, 1, 1), bj(2026, 4, 1), "2026年第一季度"),
    ("2026-11", "2026-11", bj(2026, 11, 1), bj(2026, 12, 1), "2026年11月"),
    ("2026-12", "2026-12", bj(2026, 12, 1), bj(2027, 1, 1), "2026年12月"),
    ("2026-2", "2026-02", bj(2026, 2, 1), bj(2026, 3, 1), "2026年2月"),
    ("2026", "2026", bj(2026, 1, 1), bj(2027, 1, 1), "2026年度"),
])
def test_periods_are_half_open_spans_of_beijing_time(text: str, label: str, start, end, title: str) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end, period.title) == (label, start, end, title)
    assert period.contains(end - timedelta(microseconds=1)) and not period.contains(end)
    assert period.contains(start) and not period.contains(start - timedelta(microseconds=1))


@pytest.mark.parametrize("text", ["2026Q5", "2026-13", "26Q1", "Q4", "2026-00", "", "2026/11"])
def test_bad_period_text_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="周期格式应为"):
        parse_period(text)


def test_current_period_follows_beijing_time() -> None:
    # 2026-09-30 17:00 UTC is already 2026-10-01 01:00 in Beijing: the fourth quarter.
    moment = bj(2026, 10, 1, 1)
    assert period_containing(moment.astimezone(bj(2026, 1, 1).tzinfo)).label == "2026Q4"
    assert period_containing(moment, "month").label == "2026-10"
    assert period_containing(moment, "year").label == "2026"
    with pytest.raises(UsageError):
        period_containing(moment, "week")


def test_elapsed_days_round_up_and_stop_at_the_end() -> None:
    q4 = parse_period("2026Q4")
    assert elapsed_days(q4, bj(2026, 10, 1, 0, 1)) == 1
    assert elapsed_days(q4, bj(2026, 10, 3)) == 2
    assert elapsed_days(q4, bj(2027, 3, 1)) == 92


def _tally(counted: int, failures: int, taken: int | None = None) -> Tally:
    return Tally("http://x/", "home", counted if taken is None else taken, counted, failures, 0, 0, ())


def test_period_availability_uses_the_rulebook_thresholds() -> None:
    params = probe_params(default_rulebook())
    assert (params.ratio, params.warn_ratio, params.probes_per_day) == (0.05, 0.03, 20)
    month, as_of = parse_period("2026-11"), bj(2026, 12, 5)
    assert judge_period_availability(_tally(600, 30), month, as_of, params).verdict == "veto"  # 5 % exactly
    assert judge_period_availability(_tally(600, 29), month, as_of, params).verdict == "warning"
    assert judge_period_availability(_tally(600, 17), month, as_of, params).verdict == "ok"
    # A short sample is judged only when its failures already reach 5 % of a full one (30 × 20 = 600).
    assert judge_period_availability(_tally(100, 29), month, as_of, params).verdict == "warning"
    assert judge_period_availability(_tally(100, 30), month, as_of, params).verdict == "veto"
    assert judge_period_availability(_tally(100, 2), month, as_of, params).verdict == "insufficient"


def test_allocation_never_exceeds_the_cap_and_sums_exactly() -> None:
    from decimal import Decimal as D

    assert allocate([D("2"), D("2"), D("2")], D("5")) == [D("2"), D("2"), D("1")]
    assert allocate([D("0.1")] * 3, D("10")) == [D("0.1")] * 3
    assert sum(allocate([D("0.1")] * 60, D("5"))) == D("5")


def test_competition_ranks_share_ties_and_put_vetoed_sites_last() -> None:
    keys = [standing_key(False, 90), standing_key(True, None), standing_key(False, 95),
            standing_key(False, 90), standing_key(True, None), standing_key(False, None)]
    assert competition_ranks(keys) == [2, 5, 1, 2, 5, 4]


def test_score_period_traces_each_lost_point_to_finding_ids() -> None:
    site = SiteSpec(home_url="http://www.a.gov.cn/", kind="portal")
    dead = [StoredFinding(100 + i, Finding("links.dead_home", site.home_url, f"http://www.a.gov.cn/{i}", "死链"))
            for i in range(7)]
    suspected = StoredFinding(200, Finding("links.dead_inner", site.home_url, "http://www.a.gov.cn/s", "疑似"),
                              "suspected")
    params = Params()
    availability = judge_period_availability(_tally(0, 0), parse_period("2026Q4"), bj(2026, 12, 1), params)
    result = score_period([*dead, suspected], availability, default_rulebook(), site, parse_period("2026Q4"),
                          bj(2026, 12, 1))
    links = next(i for i in result.detail["indicators"] if i["id"] == "function.links_home")
    assert links["points_lost"] == 5  # 7 dead links × 1 point, capped at 5 (扣完为止)
    assert [f["id"] for f in links["findings"]] == list(range(100, 105))
    assert sum(f["points"] for f in links["findings"]) == links["points_lost"]
    assert links["more_ids"] == [105, 106]  # past the cap: listed by id, no points
    assert result.detail["suspected"] == [200] and result.score.total == 95
    assert result.detail["availability"]["verdict"] == "insufficient" and not result.vetoes
