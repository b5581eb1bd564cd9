"""``govwatch serve``: the embedded default — scheduler, scan workers, availability probes and the web
app (waitress) in one command, with no Redis. Stops on Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from types import FrameType
from typing import Any

from govwatch.services.errors import UsageError


def add_parser(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    p = subparsers.add_parser("serve", help="单机运行：调度、扫描、可用性探测和监管平台 Web 界面（无需 Redis）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="监听端口（默认 8000）")
    p.add_argument("--workers", type=int, default=2, help="同时进行的扫描数（默认 2）")
    p.add_argument("--tick", type=float, default=2.0, help="调度间隔秒数（默认 2）")
    p.add_argument("--no-probes", action="store_true", help="不运行可用性探测")
    p.set_defaults(func=run)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    """Handler of ``govwatch serve``; returns 0 after Ctrl-C or SIGTERM."""
    if not 0 <= args.port <= 65535:
        raise UsageError("--port 应为 0–65535 之间的整数")
    if args.workers < 1:
        raise UsageError("--workers 应为正整数")
    if args.tick <= 0:
        raise UsageError("--tick 应为正数（秒）")
    from govwatch.services import platform

    platform.setup()
    platform.migrate()
    from govwatch.services.embedded import EmbeddedOptions, serve

    def say(line: str) -> None:
        print(line, flush=True)

    def ready(url: str) -> None:
        say(f"govwatch 已启动：监管平台 {url} （后台管理 {url}admin/）；扫描线程 {args.workers} 个，"
            f"{'可用性探测已开启' if not args.no_probes else '可用性探测已关闭'}。按 Ctrl+C 停止。")

    signal.signal(signal.SIGTERM, _terminate)
    options = EmbeddedOptions(host=args.host, port=args.port, workers=args.workers, tick=args.tick,
                              probes=not args.no_probes)
    with contextlib.suppress(KeyboardInterrupt):
        serve(options, say, ready)
    print("govwatch 已停止；进行中的扫描会在下次启动后重新运行。", file=sys.stderr)
    return 0


ORDER = 51  # position in govwatch --help (cli/commands.py)
