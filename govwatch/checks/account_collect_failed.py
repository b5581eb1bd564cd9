"""Check ``account.collect_failed`` — the account could not be collected this round (采集失败).

Platform rule (issue #5 §1): a failed collection is reported with its reason and never read as "no
posts": the freshness and frequency checks stay silent for it, so the account looks neither fresh nor
stale by mistake. Reported as 提示, never scored.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.newmedia import NewMediaContext, account_label
from govwatch.core.models import Finding
from govwatch.core.newmedia import CollectErrorKind

ID = "account.collect_failed"

FIXES = {
    CollectErrorKind.ANTI_CRAWLER: "平台拒绝了采集请求：请降低采集频率或改用订阅源（RSS）采集，本期请人工巡检该账号。",
    CollectErrorKind.RATE_LIMITED: "平台限流：请降低采集频率后重试，本期请人工巡检该账号。",
    CollectErrorKind.CREDENTIALS: "采集凭据（Cookie/令牌）已失效：请更新采集凭据后重新采集。",
    CollectErrorKind.NOT_FOUND: "请核实该账号是否已注销、更名或迁移，并更新账号登记信息。",
    CollectErrorKind.FORMAT_CHANGED: "平台页面或接口格式已变化：请联系平台运维人员更新采集程序，本期请人工巡检该账号。",
    CollectErrorKind.NO_DATA: "导出文件中没有该账号的记录：请核实导出范围，或人工巡检该账号。",
    CollectErrorKind.UNSUPPORTED: "请为该账号登记订阅源地址，或按巡检周期人工检查其更新与互动情况。",
}


class Params(BaseModel):
    """No thresholds: every failed collection is reported."""

    model_config = ConfigDict(extra="forbid")


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """One finding when ``ctx.collect.ok`` is False, with the failure kind and reason as evidence."""
    result = ctx.collect
    if result.ok:
        return
    kind = result.error_kind or CollectErrorKind.OTHER
    yield Finding(
        code=ID, target=ctx.account.key, url=ctx.account.page_url,
        message=f"{account_label(ctx.account)}本次采集失败：{result.error_message or kind.value}。本期未据此判断其更新情况。",
        evidence={"error_kind": kind.value, "error_message": result.error_message, "source": result.source,
                  "fetched_at": result.fetched_at.isoformat(), "posts_collected": len(result.posts),
                  "notes": list(result.notes)},
        fix=FIXES.get(kind, "请稍后重新采集；持续失败时请人工巡检该账号。"),
    )
