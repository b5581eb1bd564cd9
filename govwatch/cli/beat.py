"""``govwatch beat``: the Celery beat scheduler (one per deployment; needs CELERY_BROKER_URL).

Sends ``dispatch_due`` and ``probe_due`` every 30 s and the daily probe compaction. Dispatching twice (two
beats by mistake) is harmless: claims are compare-and-set.
"""

from __future__ import annotations

import argparse
from typing import Any

from govwatch.cli.worker import celery, check_broker


def add_parser(subparsers: Any) -> None:
    """Add the ``beat`` subcommand."""
    p = subparsers.add_parser("beat", help="运行 Celery 定时调度（每 30 秒分派到期扫描和可用性探测）")
    p.add_argument("--loglevel", default="info", help="日志级别（默认 info）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``govwatch beat``: migrates the database, then runs until stopped."""
    from govwatch.services import platform

    platform.setup()
    check_broker("govwatch beat")
    platform.migrate()
    from django.conf import settings

    data = settings.GOVWATCH.data_dir
    return celery(["beat", "-l", args.loglevel, "-s", str(data / "celerybeat-schedule"),
                   "--pidfile", str(data / "celerybeat.pid")])


ORDER = 53  # position in govwatch --help (cli/commands.py)
