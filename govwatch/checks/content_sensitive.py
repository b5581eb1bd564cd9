"""Check ``content.sensitive`` — 敏感词, found by the proofreading engine (govwatch.proofread) in the main text of
the homepage and article-like pages.

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」第 3 项 发布或链接反动、暴力、色情内容（暗链）。
One finding per page, ``count`` = the number of issues on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.checks.base import ScanContext
from govwatch.checks.proofread_pages import ProofreadParams, findings
from govwatch.core.models import Finding
from govwatch.proofread.issue import SENSITIVE

ID = "content.sensitive"


class Params(ProofreadParams):
    """Page selection and caps shared by the proofreading checks (see ProofreadParams)."""


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``content.sensitive`` finding per page with such issues."""
    return findings(ctx, params, SENSITIVE, "核查所列词语：如为被植入的暗链或违规信息，立即删除并排查网站安全；正常报道可加入白名单。")
