"""Check ``content.serious_error`` — 严重表述错误（领导人姓名、职务、排序错误，错误政治表述）, found by the proofreading engine (govwatch.proofread) in the main text of
the homepage and article-like pages.

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」第 1 项 严重表述错误（2015 普查示例：国家领导人姓名错误）。
One finding per page, ``count`` = the number of issues on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.checks.base import ScanContext
from govwatch.checks.proofread_pages import ProofreadParams, findings
from govwatch.core.models import Finding
from govwatch.proofread.issue import SERIOUS

ID = "content.serious_error"


class Params(ProofreadParams):
    """Page selection and caps shared by the proofreading checks (see ProofreadParams)."""


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``content.serious_error`` finding per page with such issues."""
    return findings(ctx, params, SERIOUS, "立即改正所列表述并复核同类稿件；严重表述错误属单项否决情形。")
