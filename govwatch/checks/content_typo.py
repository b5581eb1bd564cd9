"""Check ``content.typo`` — 错别字, found by the proofreading engine (govwatch.proofread) in the main text of
the homepage and article-like pages.

Source: 国办秘函〔2019〕19号 发布解读「内容准确」（错别字在通报中点名）；2015 普查：错别字。
One finding per page, ``count`` = the number of issues on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.checks.base import ScanContext
from govwatch.checks.proofread_pages import ProofreadParams, findings
from govwatch.core.models import Finding
from govwatch.proofread.issue import TYPO

ID = "content.typo"


class Params(ProofreadParams):
    """Page selection and caps shared by the proofreading checks (see ProofreadParams)."""


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``content.typo`` finding per page with such issues."""
    return findings(ctx, params, TYPO, "请核对并改正所列错别字；常用词、专有名词可加入本站白名单。")
