"""``govwatch probe``: availability probes (站点无法访问) of every registered site.

``--once`` (default) probes what is due now and exits; ``--loop`` keeps probing, sleeping until the next
due time; ``--compact`` folds probes older than 90 days into daily totals and exits; ``--site URL``
limits the work to one site. One Chinese line per round.
"""

from __future__ import annotations

import argparse
import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govwatch.core.clock import CHINA_TZ
from govwatch.services.errors import UsageError

if TYPE_CHECKING:  # services.probes needs Django set up: imported in the handler
    from govwatch.services.probes import ProbeRound

_TIME = "%Y-%m-%d %H:%M:%S"


def add_parser(subparsers: Any) -> None:
    """Add the ``probe`` subcommand."""
    p = subparsers.add_parser("probe", help="可用性探测：探测到期的网站首页、重点栏目和业务系统")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="探测当前到期的对象后退出（默认）")
    mode.add_argument("--loop", action="store_true", help="持续探测，空闲时等待到下一个到期时间")
    mode.add_argument("--compact", action="store_true", help="把 90 天前的探测记录汇总为日统计并删除明细")
    p.add_argument("--site", metavar="URL", help="只探测首页网址为 URL 的网站")
    p.add_argument("--timeout", type=float, default=15.0, help="单次探测超时秒数（默认 15，与指标一致）")
    p.add_argument("--concurrency", type=int, default=50, help="同时进行的探测数（默认 50）")
    p.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                   help="把 主机:端口 解析到指定地址（同 curl --resolve），可重复")
    p.set_defaults(func=run)


def _local(moment: datetime | None) -> str:
    return moment.astimezone(CHINA_TZ).strftime(_TIME) if moment is not None else "—"


def round_line(result: ProbeRound) -> str:
    """One Chinese line summarising a :class:`~govwatch.services.probes.ProbeRound`."""
    head = f"[{_local(result.at)}]"
    nxt = f"下次到期 {_local(result.next_due_at)}"
    if not result.probed:
        busy = f"（{result.lost} 个已被其他进程领取）" if result.lost else ""
        return f"{head} 当前没有到期的探测对象{busy}；{nxt}"
    line = (f"{head} 探测 {result.probed} 次（其中复核 {result.rechecks} 次）：正常 {result.ok}，"
            f"新失败 {result.failed}（一分钟后复核），复核确认失败 {result.confirmed}，复核恢复 {result.refuted}，"
            f"报备期内 {result.excused}")
    if result.lost:
        line += f"，{result.lost} 个已被其他进程领取"
    return f"{line}；{nxt}"


def run(args: argparse.Namespace) -> int:
    """Handler of ``govwatch probe``; returns the exit status (0)."""
    from govwatch.cli.main import parse_resolve  # main imports this module's registry: import late
    from govwatch.services import platform

    if args.timeout <= 0:
        raise UsageError("--timeout 应为正数（秒）")
    if args.concurrency < 1:
        raise UsageError("--concurrency 应为正整数")
    resolve = parse_resolve(args.resolve)
    platform.setup()
    from govwatch.services import probes

    if args.compact:
        done = probes.compact_probes()
        print(f"已汇总 {probes.KEEP_DAYS} 天前的探测记录：删除明细 {done.probes_deleted} 条，"
              f"写入日统计 {done.days_written} 条")
        return 0
    if args.loop:
        print("持续探测中，按 Ctrl+C 停止……", flush=True)
        probes.probe_loop(_print_round, threading.Event(), args.site, timeout=args.timeout,
                          concurrency=args.concurrency, resolve=resolve)
        return 0
    _print_round(probes.run_due_probes(site_url=args.site, timeout=args.timeout, concurrency=args.concurrency,
                                       resolve=resolve))
    return 0


def _print_round(result: ProbeRound) -> None:
    print(round_line(result), flush=True)
    for url, reason in result.failures:
        print(f"  × {url}：{reason}", flush=True)


ORDER = 30  # position in govwatch --help (cli/commands.py)
