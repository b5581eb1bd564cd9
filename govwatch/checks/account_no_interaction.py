"""Check ``account.no_interaction`` — 互动回应差 (政务新媒体单项否决): no effective interactive function.

Source: 国办秘函〔2019〕19号 政务新媒体单项否决「互动回应差」: 未提供有效互动功能 — comments, 留言 or
menu consultation switched off (../shared/indicators §1.4 [C2]: 宝鸡 2020, 常德 2020, 青海 2020).
Judged on what the registry declares (``AccountSpec.interaction``) first; when undeclared, on what the
collected data shows: any post with comments open or a comment count above 0, or the collector's own
observation, proves the channel works; at least ``min_posts`` posts that all show comments closed
(WeChat ``comment_id`` 0) prove it is off. Anything less is not judged (left to the manual patrol).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.newmedia import NewMediaContext, account_label, post_evidence
from govwatch.core.models import Finding
from govwatch.core.newmedia import CollectResult

ID = "account.no_interaction"


class Params(BaseModel):
    """``min_posts``: posts that must all show comments closed before the data counts as proof."""

    model_config = ConfigDict(extra="forbid")
    min_posts: int = 3


def detect(collect: CollectResult, min_posts: int) -> tuple[bool | None, str]:
    """(True/False/None, Chinese reason): whether the collected data shows an open interaction channel."""
    if collect.interaction is not None:
        return collect.interaction, collect.interaction_evidence
    for post in collect.posts:
        if post.comments_open or (post.comments or 0) > 0:
            return True, f"信息「{post.title}」开启了评论/留言"
    judged = [p for p in collect.posts if p.comments_open is not None]
    if len(judged) >= min_posts and not any(p.comments_open for p in judged):
        return False, f"采集到的 {len(judged)} 条信息均未开启评论/留言"
    return None, ""


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """One finding when the registry declares no interaction, or the data proves it is off."""
    declared = ctx.account.interaction
    if declared is True:
        return
    if declared is False:
        basis, reason = "declared", "登记信息表明该账号未提供评论、留言或菜单咨询等互动功能"
        samples: list[dict[str, object]] = []
    else:
        found, reason = detect(ctx.collect, params.min_posts)
        if found is not False:
            return
        basis = "detected"
        samples = [post_evidence(p) for p in ctx.collect.posts if p.comments_open is False][:5]
    yield Finding(
        code=ID, target=ctx.account.key, url=ctx.account.page_url,
        message=f"{account_label(ctx.account)}未提供有效互动功能：{reason}（单项否决：互动回应差）。",
        evidence={"basis": basis, "reason": reason, "posts": samples},
        fix="请开启评论、留言或私信功能，或在菜单栏提供有效的咨询入口，并及时回应网民留言。",
    )
