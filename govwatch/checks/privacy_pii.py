"""Check ``privacy.pii`` — 个人信息（身份证号、手机号、银行卡号）, found by the proofreading engine (govwatch.proofread) in the main text of
the homepage and article-like pages.

Source: 国办秘函〔2019〕19号 安全防护；《个人信息保护法》；国办发〔2017〕47号 不得泄露个人隐私。
One finding per page, ``count`` = the number of issues on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.checks.base import ScanContext
from govwatch.checks.proofread_pages import ProofreadParams, findings
from govwatch.core.models import Finding
from govwatch.proofread.issue import PII

ID = "privacy.pii"


class Params(ProofreadParams):
    """Page selection and caps shared by the proofreading checks (see ProofreadParams)."""


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``privacy.pii`` finding per page with such issues."""
    return findings(ctx, params, PII, "删除或脱敏处理所列个人信息（如 3601**********1234）。")
