"""Knowledge base: bundled data validates; dictionary and leader checks give the right suggestions;
whitelists and exclusions keep correct text quiet; a broken file is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.proofread import OUTDATED, SENSITIVE, SERIOUS, TYPO, default_kb, load_kb, proofread_text
from govwatch.proofread.kb import DATA_DIR, KnowledgeBaseError


def _found(text: str, site: str = "") -> list[tuple[str, str, str]]:
    return [(i.type, i.original, i.suggestion) for i in proofread_text(text, typo=None, site=site)]


def test_bundled_kb_loads_with_versions() -> None:
    kb = default_kb()
    assert "leaders@" in kb.version and "institutions@" in kb.version
    assert [m for m in kb.leaders.groups[0].members][:2] == ["习近平", "李强"]
    assert any(e.new == "国家市场监督管理总局" and "国家工商行政管理总局" in e.old for e in kb.institutions.entries)


def test_wrong_title_name_and_order() -> None:
    assert _found("国务院总理赵乐际出席会议。") == [(SERIOUS, "国务院总理", "全国人大常委会委员长")]
    assert _found("李强委员长指出。") == [(SERIOUS, "委员长", "总理")]
    assert _found("国务院总理李强、全国人大常委会委员长赵乐际出席。") == []
    assert _found("全国人大常委会委员长赵乐际、国务院总理李强出席。")[0][2] == "李强、赵乐际"
    assert _found("国务院总理李弱主持会议。") == [(SERIOUS, "李弱", "李强")]
    order = _found("习近平、赵乐际、李强等出席。")
    assert order == [(SERIOUS, "习近平、赵乐际、李强", "习近平、李强、赵乐际")]
    assert _found("习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希出席。") == []


def test_former_titles_and_unrelated_namesakes_are_not_errors() -> None:
    assert _found("国务院副总理韩正在上海调研。") == []  # 韩正 was vice premier 2018–2023
    assert _found("工会主席李强介绍了情况。") == []  # a namesake: short titles count only after a name


def test_outdated_institutions_and_exclusions() -> None:
    assert _found("原国家工商行政管理总局发布通知。") == [(OUTDATED, "国家工商行政管理总局", "国家市场监督管理总局")]
    assert _found("市卫生和计划生育委员会") == [(OUTDATED, "卫生和计划生育委员会", "卫生健康委员会")]
    assert _found("中国银行保险监督管理委员会") == [(OUTDATED, "中国银行保险监督管理委员会", "国家金融监督管理总局")]
    assert _found("各级农业部门和文化部门要加强协作。") == []
    assert _found("国家卫生健康委员会、国家市场监督管理总局") == []


def test_expressions() -> None:
    assert _found("台湾总统") == [(SERIOUS, "台湾总统", "台湾地区领导人")]
    assert _found("坚持不忘出心、牢记使命。") == [(SERIOUS, "不忘出心、牢记使命", "不忘初心、牢记使命")]
    assert _found("编制十四五规划。") == [(TYPO, "十四五", "“十四五”")]
    assert _found("编制“十四五”规划，坚持不忘初心、牢记使命。") == []


def test_sensitive_and_site_whitelist(tmp_path: Path) -> None:
    assert _found("百家乐真人荷官在线") == [(SENSITIVE, "百家乐", ""), (SENSITIVE, "真人荷官", "")]
    assert _found("北京赛车PK10") == [(SENSITIVE, "北京赛车PK10", "")]
    for name in ("leaders", "institutions", "expressions", "sensitive"):
        (tmp_path / f"{name}.yaml").write_text((DATA_DIR / f"{name}.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "whitelist.yaml").write_text('version: "t"\nglobal: []\nsites: {www.a.gov.cn: [百家乐]}\n', "utf-8")
    kb = load_kb(tmp_path)
    assert [i.original for i in proofread_text("百家乐", kb, typo=None, site="www.a.gov.cn")] == []
    assert [i.original for i in proofread_text("百家乐", kb, typo=None, site="www.b.gov.cn")] == ["百家乐"]


def test_broken_kb_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "leaders.yaml").write_text("version: [unclosed", "utf-8")
    with pytest.raises(KnowledgeBaseError, match="不是合法的 YAML"):
        load_kb(tmp_path)
    (tmp_path / "leaders.yaml").write_text("version: '1'\nleaders: [{name: 甲}]\n", "utf-8")
    with pytest.raises(KnowledgeBaseError):
        load_kb(tmp_path)
