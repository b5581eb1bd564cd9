"""``govwatch run-due``: run the scans that are due now in this process, then exit.

Lost runs (a worker died) are found first; due schedules are claimed one at a time with the same
compare-and-set as the workers, so it is safe beside ``govwatch serve`` or Celery workers. One Chinese line
per scan. Exit status 0, also when some scans failed (they are pushed back and retried later).
"""

from __future__ import annotations

import argparse
from typing import Any

from govwatch.services.errors import UsageError


def add_parser(subparsers: Any) -> None:
    """Add the ``run-due`` subcommand."""
    p = subparsers.add_parser("run-due", help="在本进程中运行当前到期的扫描（全量、增量、复查）后退出")
    p.add_argument("--limit", type=int, help="最多运行的扫描数（默认不限）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``govwatch run-due``; returns 0."""
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit 应为正整数")
    from govwatch.services import platform

    platform.setup()
    platform.migrate()
    from govwatch.services import scheduler
    from govwatch.services.embedded import result_line

    lost = scheduler.reap_lost()
    if lost:
        print(f"发现 {len(lost)} 个中断的扫描（执行者无心跳），已标记为中断并重新调度。", flush=True)
    results = scheduler.run_due(limit=args.limit, on_result=lambda r: print(result_line(r), flush=True))
    if not results:
        print("当前没有到期的扫描。")
        return 0
    done = sum(r.status == "done" for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"本次共运行 {len(results)} 个到期扫描：完成 {done} 个，失败 {failed} 个，跳过 {len(results) - done - failed} 个。")
    return 0


ORDER = 50  # position in govwatch --help (cli/commands.py)
