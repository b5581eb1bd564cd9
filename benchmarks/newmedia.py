"""New-media round benchmark (issue #5 §6): N accounts (default 700) served from loopback fixtures, one
full patrol round — claim every due patrol by compare-and-set, collect every account, store posts, run
the checks, upsert findings — on a fresh SQLite database (or DATABASE_URL). Reports accounts/s, the
round's CPU seconds in this process, and peak RSS. Target: the round takes < 60 s of CPU on one core.

Fixtures: one aiohttp server in a child process (its CPU is not ours) answers every account: an RSS 2.0
feed of 20 items for the WeChat accounts (``/feed/<n>.xml``, as RSSHub / wewe-rss serve them) and the
m.weibo.cn container API for the Weibo accounts (profile, a timeline page of 10 posts with a pinned one,
then the platform's empty page). Every 7th account's newest post is 20 days old (the 2-week veto).

The collectors' per-host politeness (1–3 s between requests to one host) would make the round wait on
the clock, not on us: the benchmark sets ``CollectorSettings(interval=0, host_intervals={}, per_host=32,
accounts_at_once=32)`` — the interval through the settings, no code patched — so every account comes
from the one host 127.0.0.1 as fast as we can take it.

    .venv/bin/python benchmarks/newmedia.py [--accounts 700] [--proofread]

Measured 2026-11-29 (shared 4-core machine, load ≈ 3): 700 accounts, 10,850 posts stored — SQLite
8.4 s CPU / 9.6 s wall (73 accounts/s), peak RSS 163 MiB; PostgreSQL 9.4 s CPU / 14.8 s wall; with the
proofreading engine plugged in (``--proofread``, every post proofread) 30.6 s CPU / 105 s wall, 335 MiB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govwatch.core.clock import CHINA_TZ  # noqa: E402

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=CHINA_TZ)
ITEMS, WEIBO_POSTS = 20, 10


def newest_post(n: int) -> datetime:
    """The newest post of account ``n``: a day old, or 20 days for every 7th account."""
    return NOW - timedelta(days=20 if n % 7 == 0 else 1, hours=n % 5)


def feed_xml(n: int) -> bytes:
    """An RSS 2.0 feed of account ``n``: ITEMS items, one a day back from its newest post."""
    items = []
    for i in range(ITEMS):
        when = newest_post(n) - timedelta(days=i)
        items.append(
            f"<item><title>第{n}号账号第{i}条信息：关于做好冬季安全生产工作的通知</title>"
            f"<link>http://127.0.0.1/s/{n}/{i}</link><guid>acc{n}-post{i}</guid>"
            f"<pubDate>{format_datetime(when)}</pubDate><description><![CDATA[<p>各单位：为切实做好冬季安全生产工作，"
            f"现将有关事项通知如下。</p><p>详见<a href=\"http://127.0.0.1/doc/{n}/{i}.html\">附件</a>。</p>"
            f"{'<p>政务服务热线12345。</p>' * 8}]]></description></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>账号{n}</title>'
            f'<link>http://127.0.0.1/a/{n}</link><description>政务公众号</description>{"".join(items)}'
            f"</channel></rss>").encode()


def weibo_profile(uid: str) -> bytes:
    """A profile answer of the container API."""
    return json.dumps({"ok": 1, "data": {
        "userInfo": {"id": int(uid), "screen_name": f"微博{uid}", "statuses_count": 1200},
        "tabsInfo": {"tabs": [{"tabKey": "profile", "containerid": f"230283{uid}"},
                              {"tabKey": "weibo", "containerid": f"107603{uid}"}]}}}, ensure_ascii=False).encode()


def weibo_page(n: int, page: int) -> bytes:
    """Timeline page 1: a pinned post two months old, then WEIBO_POSTS posts; later pages: empty."""
    if page > 1:
        return json.dumps({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}, ensure_ascii=False).encode()
    stamp = "%a %b %d %H:%M:%S +0800 %Y"
    cards: list[dict[str, Any]] = [{"card_type": 9, "mblog": {
        "id": f"9{n:06d}000", "created_at": (NOW - timedelta(days=60)).strftime(stamp), "isTop": 1,
        "title": {"text": "置顶"}, "text": "置顶：政务服务指南", "comments_count": 3}}]
    for i in range(WEIBO_POSTS):
        when = newest_post(n) - timedelta(days=i)
        cards.append({"card_type": 9, "mblog": {
            "id": f"4{n:06d}{i:03d}", "created_at": when.strftime(stamp), "comments_count": i,
            "text": f"<a href=\"https://m.weibo.cn/search?q=%23t%23\">#今日关注#</a>第{n}号账号第{i}条微博"
                    f"<br />详见 <a href=\"http://127.0.0.1/doc/{n}/{i}.html\">通知全文</a>"}})
    return json.dumps({"ok": 1, "data": {"cards": cards}}, ensure_ascii=False).encode()


def serve(port_out: Any) -> None:
    """The fixture server (child process): answers every account's feed and Weibo API on 127.0.0.1."""
    from aiohttp import web

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=feed_xml(int(request.match_info["n"])), content_type="application/rss+xml")

    async def profile(request: web.Request) -> web.Response:
        return web.Response(body=weibo_profile(request.match_info["uid"]), content_type="application/json")

    async def timeline(request: web.Request) -> web.Response:
        n = int(request.match_info["cid"][-6:])
        return web.Response(body=weibo_page(n, int(request.match_info["page"])), content_type="application/json")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.xml", feed)
        app.router.add_get("/weibo/profile/{uid}", profile)
        app.router.add_get("/weibo/tl/{cid}/{page}", timeline)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port_out.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


def setup_database(work: Path) -> None:
    """Django on a fresh SQLite file in ``work`` (unless DATABASE_URL is set), migrated."""
    os.environ.setdefault("GOVWATCH_DATA_DIR", str(work / "var"))
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


def register(count: int, base: str) -> list[Any]:
    """``count`` accounts (even: WeChat with a feed; odd: Weibo with a uid) of 市/县/乡镇 units, with
    their patrols due at NOW."""
    from govwatch.services.newmedia import ensure_account_patrols
    from govwatch.storage.models import Account, Unit

    levels = ("市", "县", "乡镇")
    units = [Unit.objects.create(name=f"基准测试单位{i}", level=levels[i % 3]) for i in range(30)]
    rows = []
    for n in range(count):
        unit = units[n % len(units)]
        if n % 2 == 0:
            rows.append(Account(platform="wechat", name=f"公众号{n}", platform_id=f"biz{n:06d}", unit=unit,
                                level=unit.level, feed_url=f"{base}/feed/{n}.xml"))
        else:
            rows.append(Account(platform="weibo", name=f"微博{n}", platform_id=f"7{n:09d}", unit=unit,
                                level=unit.level))
    Account.objects.bulk_create(rows)
    accounts = list(Account.objects.select_related("unit").order_by("id"))
    ensure_account_patrols(accounts, NOW)
    return accounts


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_round(base: str) -> tuple[Any, float, float]:
    """One patrol round of every due account; (PatrolRound, wall seconds, CPU seconds)."""
    from govwatch.services.newmedia import CollectOptions, run_due_patrols
    from govwatch.sources import CollectorSettings, WeiboEndpoints, WeiboOptions

    options = CollectOptions(
        settings=CollectorSettings(interval=0.0, host_intervals={}, per_host=32, accounts_at_once=32, retries=0,
                                   timeout=30.0),
        weibo=WeiboOptions(endpoints=WeiboEndpoints(profile=base + "/weibo/profile/{uid}",
                                                    timeline=base + "/weibo/tl/{containerid}/{page}")))
    wall, cpu = time.perf_counter(), cpu_seconds()
    done = run_due_patrols(NOW, options=options)
    return done, time.perf_counter() - wall, cpu_seconds() - cpu


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when every account was collected and the CPU target holds, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=700)
    parser.add_argument("--proofread", action="store_true",
                        help="plug the proofreading engine into the checks (as govwatch serve and the workers do)")
    args = parser.parse_args(argv)
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    server = ctx.Process(target=serve, args=(ports,), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=30)}"
        with tempfile.TemporaryDirectory(prefix="gw-newmedia-bench-") as tmp:
            setup_database(Path(tmp))
            accounts = register(args.accounts, base)
            if args.proofread:
                from govwatch.services.proofreading import newmedia as proofread_posts

                proofread_posts.install()
            done, wall, cpu = run_round(base)
            return report(len(accounts), done, wall, cpu)
    finally:
        server.terminate()
        server.join(5)


def report(count: int, done: Any, wall: float, cpu: float) -> int:
    """Print the figures and a verdict line; 0 when the round is complete and under 60 CPU seconds."""
    from govwatch.storage.models import AccountFinding, Post

    outcomes = done.outcomes
    ok = sum(o.ok for o in outcomes)
    vetoed = sum(o.verdict == "不合格" for o in outcomes)
    expected_vetoed = sum(1 for n in range(count) if n % 7 == 0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"accounts: {count}, claimed: {done.claimed}, collected ok: {ok}, 不合格: {vetoed} (expected {expected_vetoed})")
    print(f"posts stored: {Post.objects.count()}, findings stored: {AccountFinding.objects.count()}")
    print(f"round: {wall:.1f} s wall, {cpu:.1f} s CPU, {count / wall:.1f} accounts/s wall, "
          f"{count / cpu:.1f} accounts per CPU second; peak RSS {rss_mb:.0f} MiB")
    good = done.claimed == count and ok == count and vetoed == expected_vetoed and cpu < 60
    print(("PASS" if good else "FAIL") + f": target < 60 s CPU for the round ({cpu:.1f} s)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
