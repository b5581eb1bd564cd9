"""What every new-media check receives, and their runner (apart from the website scan's).

A new-media check is one module ``govwatch/checks/account_*.py`` (named after its id) defining ``ID``,
``Params`` (pydantic, defaults equal to the national rulebook's) and ``run(ctx, params)`` over a
:class:`NewMediaContext`. They are listed in ``registry.NEWMEDIA_CHECKS``, so the website scan never
runs them. A check that raises becomes a ``check.error`` finding and the others still run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import ModuleType

from govwatch.checks.runner import run_modules
from govwatch.core.clock import CHINA_TZ
from govwatch.core.models import Finding, LinkCheck
from govwatch.core.newmedia import AccountSpec, CollectResult, Platform, Post
from govwatch.rules.rulebook import Rulebook

PLATFORM_NAMES = {Platform.WECHAT: "微信公众号", Platform.WEIBO: "微博账号", Platform.DOUYIN: "抖音账号",
                  Platform.APP: "政务APP", Platform.OTHER: "政务新媒体账号"}


@dataclass(frozen=True)
class NewMediaContext:
    """The input of a new-media check: the registered ``account``, what its collection produced
    (``collect``), ``now`` the monitoring point (监测时间点, timezone-aware) and ``link_checks`` the
    verdicts on URLs found in its posts and menus, checked beforehand by the link checker (the checks
    never fetch)."""

    account: AccountSpec
    collect: CollectResult
    now: datetime
    link_checks: tuple[LinkCheck, ...] = ()

    @property
    def today(self) -> date:
        """The monitoring point's date in the Asia/Shanghai calendar."""
        return self.now.astimezone(CHINA_TZ).date()


def account_label(account: AccountSpec) -> str:
    """``微博账号「名称」`` — how findings name an account."""
    return f"{PLATFORM_NAMES.get(Platform(account.platform), '政务新媒体账号')}「{account.name}」"


def post_evidence(post: Post) -> dict[str, object]:
    """JSON evidence of one post: id, title, Beijing time, URL, pinned."""
    return {"post_id": post.post_id, "title": post.title, "published_at": post.published_at.isoformat(),
            "url": post.url, "pinned": post.pinned}


def run_newmedia_checks(ctx: NewMediaContext, rulebook: Rulebook,
                        checks: Sequence[ModuleType] | None = None) -> list[Finding]:
    """Run ``checks`` (default: ``NEWMEDIA_CHECKS``) with their rulebook params; returns all findings.

    Never raises for a failing check: it becomes a ``check.error`` finding naming the check.
    """
    if checks is None:
        from govwatch.checks.registry import NEWMEDIA_CHECKS

        checks = NEWMEDIA_CHECKS
    return run_modules(checks, ctx, rulebook, target=ctx.account.key, url=ctx.account.page_url)
