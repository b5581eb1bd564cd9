"""The pure 7-day judgement: veto at exactly 5 %, warning at 3 %, confirmation, excused probes, 监测样本不足."""

from __future__ import annotations

from datetime import timedelta

import pytest
from probekit import T0, spread

from govwatch.checks.availability import (
    INSUFFICIENT_NOTE,
    MaintenanceSpan,
    Params,
    ProbeRecord,
    judge_availability,
)
from govwatch.rules.rulebook import load_rulebook

HOME = "http://www.shilixian.gov.cn/"
NOW = T0 + timedelta(days=7)
PARAMS = Params()


def history(total: int, failures: int, url: str = HOME, kind: str = "home", **flags: bool) -> list[ProbeRecord]:
    """``total`` scheduled probes over the 7 days before NOW, the first ``failures`` of them confirmed
    failures; ``flags`` set on every record."""
    return [ProbeRecord(url, kind, at, ok=i >= failures, seconds=0.2, status=200 if i >= failures else 500,
                        error="" if i >= failures else "http", confirmed=i < failures, **flags)
            for i, at in enumerate(spread(T0, total))]


def test_params_come_from_the_rulebook() -> None:
    assert Params(**load_rulebook().params_for("probe")) == Params()
    assert (PARAMS.days, PARAMS.probes_per_day, PARAMS.timeout, PARAMS.ratio, PARAMS.warn_ratio) == (7, 20, 15, 0.05, 0.03)


@pytest.mark.parametrize("total, failures, verdict, code", [
    (140, 7, "veto", "availability.veto"),  # exactly 5 %: 累计占比超过(含)5%
    (140, 6, "warning", "availability.warning"),  # 4.29 %
    (200, 9, "warning", "availability.warning"),  # 4.5 %: just below the veto line
    (200, 6, "warning", "availability.warning"),  # exactly 3 %
    (200, 5, "ok", None),  # 2.5 %
    (140, 0, "ok", None),
])
def test_ratio_thresholds(total: int, failures: int, verdict: str, code: str | None) -> None:
    result = judge_availability(history(total, failures), HOME, NOW, PARAMS)
    assert (result.verdict, result.total, result.failures) == (verdict, total, failures)
    assert [f.code for f in result.findings] == ([code] if code else [])
    assert result.sufficient and result.evidence["sample"] == "充足"
    if code:
        finding = result.findings[0]
        assert finding.evidence["failures"] == failures and finding.evidence["probes_counted"] == total
        assert len(finding.evidence["failed_at"]) == failures
        assert f"确认失败 {failures} 次" in finding.message


def test_unconfirmed_failures_count_neither_way() -> None:
    records = history(140, 6)  # 4.3 %: a warning …
    refuted = [ProbeRecord(HOME, "home", T0 + timedelta(minutes=m), ok=False, error="timeout") for m in (1, 2, 3)]
    result = judge_availability(records + refuted, HOME, NOW, PARAMS)
    assert (result.total, result.failures, result.home.unconfirmed) == (140, 6, 3)
    assert result.verdict == "warning"  # … and 3 unconfirmed failures do not make it 9 of 143 (6.3 %, veto)
    assert "3 次未经复核确认的失败未计入" in result.findings[0].message


def test_recheck_probes_are_not_samples() -> None:
    rechecks = [ProbeRecord(HOME, "home", T0 + timedelta(hours=h), ok=False, confirmed=False, recheck=True)
                for h in range(20)]
    result = judge_availability(history(140, 0) + rechecks, HOME, NOW, PARAMS)
    assert (result.total, result.failures, result.home.taken, result.verdict) == (140, 0, 140, "ok")


def test_excused_probes_are_left_out_and_said_so() -> None:
    start = T0 + timedelta(days=2)
    window = MaintenanceSpan(start, start + timedelta(hours=6), "机房搬迁")
    # 140 scheduled probes; 10 failed inside the approved window (excused), 6 confirmed failures outside.
    records = history(130, 6) + [ProbeRecord(HOME, "home", start + timedelta(minutes=30 * i), ok=False,
                                             error="connect", confirmed=False, excused=True) for i in range(10)]
    result = judge_availability(records, HOME, NOW, PARAMS, [window])
    assert (result.total, result.failures, result.excused, result.verdict) == (130, 6, 10, "warning")
    evidence = result.findings[0].evidence
    assert evidence["excused"] == 10
    assert evidence["maintenance"] == [{"from": window.starts_at.isoformat(), "to": window.ends_at.isoformat(),
                                        "reason": "机房搬迁"}]
    assert "报备维护期间的 10 次探测未计入" in result.findings[0].message
    assert any("报备期内的 10 次探测不计入" in note and "机房搬迁" in note for note in result.notes)


def test_excused_notes_even_when_the_site_is_fine() -> None:
    start = T0 + timedelta(days=1)
    records = history(130, 0) + [ProbeRecord(HOME, "home", start, ok=True, excused=True)] * 10
    result = judge_availability(records, HOME, NOW, PARAMS, [MaintenanceSpan(start, start + timedelta(hours=1), "升级")])
    assert result.verdict == "ok" and not result.findings
    assert result.evidence["excused"] == 10 and result.notes


def test_too_few_probes_are_reported_not_passed() -> None:
    result = judge_availability(history(40, 1), HOME, NOW, PARAMS)  # two days' worth, 2.5 % failed
    assert (result.verdict, result.sufficient) == ("insufficient", False)
    [finding] = result.findings
    assert finding.code == "availability.insufficient" and INSUFFICIENT_NOTE in finding.message
    assert finding.evidence["sample"] == INSUFFICIENT_NOTE and finding.evidence["probes_expected"] == 140
    assert any(INSUFFICIENT_NOTE in note for note in result.notes)


def test_no_probes_at_all_is_insufficient() -> None:
    result = judge_availability([], HOME, NOW, PARAMS)
    assert result.verdict == "insufficient" and result.total == 0 and result.ratio == 0.0


def test_a_short_sample_whose_failures_already_reach_5_percent_of_a_full_week_is_vetoed() -> None:
    # 7 confirmed failures: even if the 100 missing probes had all succeeded, 7 / 140 = 5 %.
    result = judge_availability(history(40, 7), HOME, NOW, PARAMS)
    assert (result.verdict, result.sufficient) == ("veto", False)
    assert INSUFFICIENT_NOTE in result.findings[0].message
    six = judge_availability(history(40, 6), HOME, NOW, PARAMS)  # 6 / 140 = 4.3 %: a warning only
    assert six.verdict == "warning"


def test_the_window_is_the_seven_days_before_now() -> None:
    records = history(140, 0)
    old = ProbeRecord(HOME, "home", NOW - timedelta(days=7, seconds=1), ok=False, confirmed=True)
    at_now = ProbeRecord(HOME, "home", NOW, ok=False, confirmed=True)
    result = judge_availability([*records, old, at_now], HOME, NOW, PARAMS)
    assert (result.total, result.failures) == (140, 0)
    edge = ProbeRecord(HOME, "home", NOW - timedelta(days=7), ok=False, confirmed=True)
    assert judge_availability([*records, edge], HOME, NOW, PARAMS).failures == 1


def test_columns_and_systems_are_judged_per_url_and_only_hinted() -> None:
    column = "http://www.shilixian.gov.cn/tzgg/"
    system = "http://zwfw.shilixian.gov.cn/"
    records = history(140, 0) + history(140, 3, column, "column") + history(140, 14, system, "system")
    result = judge_availability(records, HOME, NOW, PARAMS)
    assert result.verdict == "ok"  # the veto is the homepage's
    ratios = {t.url: (t.failures, t.counted) for t in result.urls}
    assert ratios == {HOME: (0, 140), column: (3, 140), system: (14, 140)}
    [hint] = result.findings
    assert (hint.code, hint.url) == ("availability.target", system) and "业务系统" in hint.message


def test_rulebook_counts_every_availability_code() -> None:
    codes = {code for ind in load_rulebook().indicators for code in ind.codes}
    assert {"availability.veto", "availability.warning", "availability.insufficient", "availability.target"} <= codes


def test_failed_probe_times_are_listed_in_order() -> None:
    records = list(reversed(history(140, 7)))
    result = judge_availability(records, HOME, NOW, PARAMS)
    times = result.findings[0].evidence["failed_at"]
    assert times == sorted(times) and times[0] == T0.isoformat()
