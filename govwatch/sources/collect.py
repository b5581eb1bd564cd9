"""Choose the collector for an account and collect many accounts at once, politely.

An account with a ``feed_url`` is read from its feed (any platform: RSSHub, wewe-rss …); a Weibo
account with a uid and no feed from the m.weibo.cn API; any other account has no automatic collector
and gets ``CollectResult(ok=False, UNSUPPORTED)`` — it needs a manual patrol. A collector that raises
unexpectedly becomes a failure result too, so one bad account never stops a round.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from govwatch.core.clock import utcnow
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Platform
from govwatch.sources.base import failed
from govwatch.sources.http import CollectorSettings, HttpClient
from govwatch.sources.rss import collect_feed
from govwatch.sources.weibo import WeiboOptions, collect_weibo, weibo_uid


async def collect_account(account: AccountSpec, client: HttpClient, now: datetime | None = None,
                          weibo: WeiboOptions | None = None) -> CollectResult:
    """Collect one account with the collector its registration allows; never raises."""
    try:
        if account.feed_url:
            return await collect_feed(account, client)
        if account.platform == Platform.WEIBO and weibo_uid(account):
            return await collect_weibo(account, client, now, weibo)
    except Exception as exc:  # a collector bug must not stop the round (DESIGN.md §2)
        return failed(account, CollectErrorKind.OTHER, f"采集程序出错：{exc!r}", utcnow(), source="collect")
    return failed(account, CollectErrorKind.UNSUPPORTED,
                  "该账号未登记订阅源，所在平台暂无自动采集方式，请人工巡检", utcnow(), source="collect")


async def collect_all(accounts: Iterable[AccountSpec], settings: CollectorSettings | None = None,
                      now: datetime | None = None, weibo: WeiboOptions | None = None) -> list[CollectResult]:
    """Collect every account (``settings.accounts_at_once`` at a time; per-host limits hold across
    them); results in the order of ``accounts``."""
    settings = settings or CollectorSettings()
    gate = asyncio.Semaphore(max(1, settings.accounts_at_once))

    async def one(account: AccountSpec, client: HttpClient) -> CollectResult:
        async with gate:
            return await collect_account(account, client, now, weibo)

    async with HttpClient(settings) as client:
        return list(await asyncio.gather(*(one(a, client) for a in accounts)))


def collect_accounts(accounts: Iterable[AccountSpec], settings: CollectorSettings | None = None,
                     now: datetime | None = None, weibo: WeiboOptions | None = None) -> list[CollectResult]:
    """Blocking form of :func:`collect_all` (runs its own event loop)."""
    return asyncio.run(collect_all(list(accounts), settings, now, weibo))
