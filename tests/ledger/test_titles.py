"""Reprint matching on title pairs (issue #8 §7): same document with other punctuation, widths, prefixes,
document-number brackets and wrappers matches; different policies with similar wording do not."""

from __future__ import annotations

import pytest

from govwatch.services.ledger.titles import MATCH_THRESHOLD, similarity, title_key, titles_match

SAME = [
    ("国务院办公厅关于印发《加快构建现代物流体系行动方案》的通知",
     "【转】国务院办公厅关于印发《加快构建现代物流体系行动方案》的通知"),
    ("国务院办公厅关于印发《加快构建现代物流体系行动方案》的通知", "加快构建现代物流体系行动方案"),
    ("国务院关于进一步优化营商环境的意见（国发〔2026〕3号）", "国务院关于进一步优化营商环境的意见(国发[2026]3号)"),
    ("国务院关于进一步优化营商环境的意见", "转载：国务院关于进一步优化营商环境的意见"),
    ("国务院关于进一步优化营商环境的意见", "国务院 关于 进一步优化营商环境的 意见 "),
    ("省人民政府关于印发“十五五”数字政府建设规划的通知", "省人民政府关于印发十五五数字政府建设规划的通知"),
    ("中共中央办公厅、国务院办公厅关于加强基层治理体系建设的意见",
     "[转载] 中共中央办公厅 国务院办公厅关于加强基层治理体系建设的意见（来源：新华社）"),
    ("国务院办公厅关于印发《加快构建现代物流体系行动方案》的通知",
     "市人民政府办公室关于转发《国务院办公厅关于印发加快构建现代物流体系行动方案的通知》的通知"),
    ("２０２６年国务院政府工作报告重点工作分工的意见", "2026年国务院政府工作报告重点工作分工的意见"),
    ("国务院办公厅关于促进家政服务业提质扩容的若干意见",  # list page cut the title
     "国务院办公厅关于促进家政服务业提质扩容的若…"),
]

DIFFERENT = [
    ("国务院关于加强农村供水保障工作的意见", "国务院关于加强城市供水保障工作的意见"),
    ("国务院关于加强耕地保护的意见", "国务院关于加强林地保护的意见"),
    ("2025年全省重点工作安排的通知", "2026年全省重点工作安排的通知"),
    ("国务院办公厅关于印发《数字乡村发展行动计划》的通知", "国务院办公厅关于印发《数字城市发展行动计划》的通知"),
    ("关于做好2026年春节假期安全生产工作的通知", "关于做好2026年国庆假期安全生产工作的通知"),
    ("国务院关于进一步优化营商环境的意见", "国务院关于进一步优化政务服务的意见"),
]


@pytest.mark.parametrize(("upstream", "reprint"), SAME)
def test_same_document_matches(upstream: str, reprint: str) -> None:
    assert titles_match(upstream, reprint), (title_key(upstream), title_key(reprint))


@pytest.mark.parametrize(("upstream", "reprint"), DIFFERENT)
def test_different_policies_do_not_match(upstream: str, reprint: str) -> None:
    score = similarity(title_key(upstream), title_key(reprint))
    assert score < MATCH_THRESHOLD, (title_key(upstream), title_key(reprint), score)


def test_title_key_folds_width_brackets_and_wrappers() -> None:
    assert title_key("【转】国务院办公厅关于印发《Ｘ行动方案》的通知") == "x行动方案"
    assert title_key("国办发〔2026〕3号") == title_key("国办发[2026]3号") == ""
    assert title_key("") == ""
