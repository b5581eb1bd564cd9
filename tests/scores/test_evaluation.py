"""The yearly 绩效评估: the scheme as data (validation in Chinese) and an evaluation whose every lost point is
traced to a stored finding."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from fleetkit import bj, finding, site, unit

from govwatch.core.errors import UsageError
from govwatch.rules.evaluation import DEFAULT_SCHEME, SchemeError, default_scheme, load_scheme, parse_scheme
from govwatch.rules.rulebook import default_rulebook
from govwatch.services.scores import evaluate_year
from govwatch.storage.models import Finding

BASE: dict[str, Any] = yaml.safe_load(DEFAULT_SCHEME.read_text(encoding="utf-8"))


def _scheme(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def test_bundled_scheme_is_grounded_and_marked_unconfirmed() -> None:
    scheme = default_scheme()
    assert [d.title for d in scheme.dimensions] == ["信息公开", "在线服务", "公众参与", "用户体验", "日常监测"]
    assert sum(d.weight for d in scheme.dimensions) == 100 and scheme.year == 2026
    assert not scheme.confirmed and not any(d.confirmed for d in scheme.dimensions)
    assert all("doc §4" in d.source for d in scheme.dimensions)
    assert [d.title for d in scheme.dimensions if not d.evaluated] == ["在线服务", "公众参与"]


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(SchemeError) as exc:
        parse_scheme(data, default_rulebook(), "test.yaml")
    return str(exc.value)


def test_weights_must_sum_to_100() -> None:
    dims = copy.deepcopy(BASE["dimensions"])
    dims[0]["weight"] = 35
    message = _error(_scheme(dimensions=dims))
    assert "test.yaml" in message and "各维度权重之和应为 100，实为 105" in message and "信息公开 35" in message


def test_codes_and_indicators_must_exist_in_the_rulebook_and_feed_one_item() -> None:
    dims = copy.deepcopy(BASE["dimensions"])
    dims[1]["items"] = [{"codes": ["service.guide_missing"], "points": 1},
                        {"indicator": "service.online", "points": 1},
                        {"codes": ["column.stale"], "points": 1}]
    message = _error(_scheme(dimensions=dims))
    assert "dimensions[1]（在线服务）.items[0]：指标体系 national-2019 中没有问题代码 service.guide_missing" in message
    assert "items[1]：指标体系 national-2019 中没有指标 service.online" in message
    assert "问题代码 column.stale 已计入 信息公开，同一问题不重复扣分" in message


@pytest.mark.parametrize("change, words", [
    ({"dimensions": [{"id": "x", "title": "X", "weight": 100, "source": "s", "items": [{"points": 1}]}]},
     "须且只能给出 indicator（指标编号）或 codes（问题代码）之一"),
    ({"dimensions": [{"id": "x", "title": "X", "weight": "很多", "source": "s"}]}, "dimensions[0].weight：应为数字"),
    ({"dimensions": [{"id": "x", "title": "X", "weight": 100, "source": "s", "wieght": 1}]},
     "dimensions[0].wieght：不认识的字段"),
    ({"dimensions": [{"id": "x", "title": "X", "weight": 100}]}, "dimensions[0].source：缺少必填字段"),
    ({"dimensions": []}, "dimensions：不能为空"),
    ({"rulebook": "guizhou-2020"}, "方案基于指标体系 guizhou-2020，但评估使用的是 national-2019"),
    ({"subject": "county"}, "subject：取值无效"),
])
def test_structural_errors_are_named_in_chinese(change: dict[str, Any], words: str) -> None:
    assert words in _error(_scheme(**change))


def test_an_item_cap_above_its_weight_is_refused(tmp_path: Path) -> None:
    dims = copy.deepcopy(BASE["dimensions"])
    dims[3]["items"][0]["cap"] = 16
    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(_scheme(dimensions=dims), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SchemeError, match="扣分上限 16 超过该维度权重 15"):
        load_scheme(path)
    with pytest.raises(SchemeError, match="无法读取绩效评估方案"):
        load_scheme(tmp_path / "missing.yaml")


@pytest.mark.django_db
def test_every_lost_point_is_traced_to_findings_and_units_are_ranked() -> None:
    jia = unit("甲县人民政府办公室")
    portal = site("甲县人民政府", "www.jia.gov.cn", owner=jia)
    second = site("甲县政务服务网", "zwfw.jia.gov.cn", owner=jia)
    for n in range(12):  # 12 × 2 = 24 points asked, item cap 20
        finding(portal if n % 2 else second, "column.stale", bj(2026, 3, 1), path=f"col{n}/")
    for n in range(60):  # 60 × 0.1 = 6 points asked, item cap 5
        finding(portal, "links.dead_inner", bj(2026, 6, 1), path=f"dead{n}.html", certainty="confirmed")
    finding(portal, "links.dead_home", bj(2026, 6, 1), path="x.html", certainty="suspected")  # not counted
    finding(portal, "homepage.stale", bj(2026, 7, 1), resolved_at=bj(2026, 7, 20))
    finding(portal, "column.blank", bj(2025, 1, 1), path="old/", resolved_at=bj(2025, 12, 31))  # last year
    yi = site("乙县人民政府", "www.yi.gov.cn")
    finding(yi, "column.blank", bj(2026, 12, 31, 23), path="b/")
    bing = site("丙县人民政府", "www.bing.gov.cn")
    finding(bing, "column.blank", bj(2026, 2, 1), path="b/")
    site("示例市教育局", "jyj.city.gov.cn", level="市", kind="department")

    outcome = evaluate_year(2026, bj(2027, 1, 10))
    ev = outcome.evaluation
    assert outcome.complete and ev.groups == ("县（市、区）政府门户网站", "市直部门网站")
    by_name = {r.subject.name: r for r in ev.results}
    first = by_name["甲县人民政府办公室"]
    dims = {d.title: d for d in first.dimensions}
    assert (dims["信息公开"].lost, dims["用户体验"].lost, dims["日常监测"].lost) == (20, 5, 10)
    assert first.total == 65 and first.lost == 35
    counted = [p for d in first.dimensions for p in d.lost_points if p.points > 0]
    assert round(sum(p.points for p in counted), 2) == first.lost
    for d in first.dimensions:
        assert round(sum(p.points for p in d.lost_points), 2) == d.lost
    stored = {f.id: f for f in Finding.objects.filter(id__in=[p.finding_id for p in counted]).select_related("site")}
    assert len(stored) == len(counted) == 10 + 50 + 1  # the cap stops at 10 stale columns and 50 dead links
    for p in counted:
        assert (stored[p.finding_id].code, stored[p.finding_id].url) == (p.code, p.url)
        assert stored[p.finding_id].site.unit_id == jia.id and p.site in ("甲县人民政府", "甲县政务服务网")
    listed = {p.finding_id for d in first.dimensions for p in d.lost_points}
    assert not Finding.objects.filter(id__in=listed, certainty="suspected").exists()
    assert not Finding.objects.filter(id__in=listed, first_seen__year=2025).exists()

    county = [(r.subject.name, r.rank, r.total) for r in ev.results if r.group == "县（市、区）政府门户网站"]
    assert county == [("丙县人民政府办公室", 1, 98), ("乙县人民政府办公室", 1, 98), ("甲县人民政府办公室", 3, 65)]
    assert by_name["示例市教育局办公室"].rank == 1 and by_name["示例市教育局办公室"].total == 100
    assert ev.unevaluated == ("在线服务", "公众参与")


@pytest.mark.django_db
def test_a_scheme_for_another_year_is_refused() -> None:
    with pytest.raises(UsageError, match="适用于 2026 年，不适用于 2025 年"):
        evaluate_year(2025, bj(2026, 1, 10))


@pytest.mark.django_db
def test_a_scheme_can_rank_sites_grouped_by_level(tmp_path: Path) -> None:
    data = _scheme(subject="site", groups=[{"title": "县级网站", "level": "县"}, {"title": "乡镇网站", "level": "乡镇"}])
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    owner = unit("甲县人民政府办公室")
    portal = site("甲县人民政府", "www.jia.gov.cn", owner=owner)
    dept = site("甲县教育局", "jyj.jia.gov.cn", kind="department", owner=owner)
    town = site("甲镇人民政府", "jiazhen.jia.gov.cn", level="乡镇", owner=owner)
    finding(dept, "links.dead_home", bj(2026, 5, 1), path="a.html", certainty="confirmed")
    finding(town, "homepage.stale", bj(2026, 5, 1))
    ev = evaluate_year(2026, bj(2027, 1, 2), path).evaluation
    assert [(r.group, r.subject.name, r.rank, r.total) for r in ev.results] == [
        ("县级网站", portal.name, 1, 100), ("县级网站", dept.name, 2, 99), ("乡镇网站", town.name, 1, 90)]
    assert ev.results[1].dimensions[3].lost_points[0].url == "http://jyj.jia.gov.cn/a.html"
