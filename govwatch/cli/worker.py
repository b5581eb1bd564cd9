"""``govwatch worker``: a Celery worker for the ``crawl`` and ``report`` queues (needs CELERY_BROKER_URL).

Run one on each machine; ``--queues crawl`` or ``--queues report`` splits the work across machines.
One site is crawled by one worker at a time: claims are compare-and-set in the database.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from govwatch.services.errors import UsageError

APP = "govwatch.tasks.app"
NO_BROKER = ("未设置 CELERY_BROKER_URL（如 redis://127.0.0.1:6379/0）：{what} 需要消息队列；"
             "单机部署请使用 govwatch serve")


def add_parser(subparsers: Any) -> None:
    """Add the ``worker`` subcommand."""
    p = subparsers.add_parser("worker", help="运行 Celery 工作进程（扫描队列 crawl 与报告队列 report）")
    p.add_argument("--queues", default="crawl,report", help="处理的队列，逗号分隔（默认 crawl,report）")
    p.add_argument("--concurrency", type=int, default=max(2, os.cpu_count() or 2),
                   help="同时执行的任务数（默认为 CPU 核数，至少 2）")
    p.add_argument("--loglevel", default="info", help="日志级别（默认 info）")
    p.set_defaults(func=run)


def check_broker(what: str) -> None:
    """Raise UsageError when no broker is configured (Django must be set up)."""
    from django.conf import settings

    if not settings.GOVWATCH.broker_url:
        raise UsageError(NO_BROKER.format(what=what))


def run(args: argparse.Namespace) -> int:
    """Handler of ``govwatch worker``: runs until stopped; returns Celery's exit status."""
    if args.concurrency < 1:
        raise UsageError("--concurrency 应为正整数")
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    unknown = set(queues) - {"crawl", "report"}
    if not queues or unknown:
        raise UsageError(f"--queues 只能包含 crawl、report，收到：{args.queues}")
    from govwatch.services import platform

    platform.setup()
    check_broker("govwatch worker")
    return celery(["worker", "-Q", ",".join(queues), "-c", str(args.concurrency), "-O", "fair",
                   "-l", args.loglevel, "--without-gossip", "--without-mingle"])


def celery(argv: list[str]) -> int:
    """Run Celery's own command line on the govwatch app (named by path: the cli and tasks layers do not
    import each other); returns its exit status."""
    from celery.bin.celery import celery as celery_main

    try:
        celery_main.main(args=["-A", APP, *argv], prog_name="govwatch")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


ORDER = 52  # position in govwatch --help (cli/commands.py)
