"""The bundled national rulebook: it loads, feeds every registered check valid params, names only known
checks, counts every code the checks emit, and marks the document's [U] values unconfirmed."""

from __future__ import annotations

import re
from pathlib import Path

from govwatch.checks.registry import CHECKS, check_ids, newmedia_check_ids
from govwatch.rules.rulebook import DEFAULT_RULEBOOK, Kind, load_rulebook

RULEBOOK = load_rulebook()
CHECK_DIR = Path(__file__).resolve().parents[2] / "govwatch" / "checks"


def test_rulebook_identity() -> None:
    assert RULEBOOK.id == "national-2019" and RULEBOOK.version.startswith("2019.")
    assert (RULEBOOK.pass_score, RULEBOOK.bonus_threshold, RULEBOOK.max_deduct, RULEBOOK.max_bonus) == (60, 80, 100, 30)
    ids = [ind.id for ind in RULEBOOK.indicators]
    assert len(ids) == len(set(ids))


def test_every_check_params_validate_from_the_rulebook() -> None:
    for module in CHECKS:
        params = module.Params(**RULEBOOK.params_for(module.ID))
        assert params == module.Params(), f"{module.ID}: defaults must equal the national rulebook's values"


def test_every_indicator_names_a_registered_check() -> None:
    known = set(check_ids()) | set(newmedia_check_ids()) | {"probe", "runner"}
    assert {ind.check for ind in RULEBOOK.indicators} <= known
    assert set(check_ids()) <= {ind.check for ind in RULEBOOK.indicators}


def test_every_emitted_code_is_counted_by_an_indicator() -> None:
    emitted = set()
    for file in CHECK_DIR.glob("*.py"):
        emitted |= set(re.findall(r'"((?:homepage|column|identity|domain|links)\.[a-z_]+)"', file.read_text("utf-8")))
    emitted -= set(check_ids())  # check ids are not finding codes
    emitted |= {f"identity.{item}_missing" for item in ("icp", "police", "badge", "unit", "contact")}
    counted = {code for ind in RULEBOOK.indicators for code in ind.codes}
    assert emitted <= counted, emitted - counted
    assert {"column.veto_stale", "column.veto_unupdated", "column.veto_blank", "check.error",
            "availability.veto"} <= counted


def test_vetoes_and_unconfirmed_points() -> None:
    vetoes = {ind.title: ind for ind in RULEBOOK.indicators if ind.kind is Kind.VETO and "new_media" not in ind.applies_to}
    assert set(vetoes) == {"站点无法访问", "首页不更新", "栏目不更新", "严重表述错误",
                           "互动回应差（未提供有效的网上咨询建言渠道）", "互动回应差（留言超过 3 个月未回应）",
                           "服务不实用（未提供办事服务）"}
    assert vetoes["站点无法访问"].params == {"days": 7, "probes_per_day": 20, "timeout": 15, "ratio": 0.05,
                                         "warn_ratio": 0.03}
    assert vetoes["首页不更新"].params == {"days": 14}
    links = {ind.id: ind for ind in RULEBOOK.indicators if ind.check == "links" and ind.kind is Kind.DEDUCT}
    assert {(i.points, i.cap) for i in links.values()} == {(1, 5), (0.1, 5)}
    for ind in RULEBOOK.indicators:
        assert ind.source, ind.id
        if ind.kind is Kind.DEDUCT:  # every deduction's points are [U] in the indicator document
            assert not ind.confirmed and "[U]" in ind.source, ind.id
            assert ind.applies_to == ("portal",)
        if ind.kind is Kind.INFO:
            assert ind.points == 0


def test_rulebook_file_is_the_default() -> None:
    assert DEFAULT_RULEBOOK.name == "national-2019.yaml" and DEFAULT_RULEBOOK.is_file()
