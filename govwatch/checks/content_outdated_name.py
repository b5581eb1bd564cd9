"""Check ``content.outdated_name`` — 过时机构名称, found by the proofreading engine (govwatch.proofread) in the main text of
the homepage and article-like pages.

Source: 国办秘函〔2019〕19号 发布解读「内容准确」；党和国家机构改革（2018、2023）后的机构名称。
One finding per page, ``count`` = the number of issues on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.checks.base import ScanContext
from govwatch.checks.proofread_pages import ProofreadParams, findings
from govwatch.core.models import Finding
from govwatch.proofread.issue import OUTDATED

ID = "content.outdated_name"


class Params(ProofreadParams):
    """Page selection and caps shared by the proofreading checks (see ProofreadParams)."""


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``content.outdated_name`` finding per page with such issues."""
    return findings(ctx, params, OUTDATED, "将所列机构名称改为机构改革后的现名称；历史稿件可加注说明。")
