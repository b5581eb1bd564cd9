"""The fleet benchmark's fixture server: one aiohttp process answering N sites on N loopback addresses.

Site i (0-based) is ``http://127.0.A.B:PORT/`` with A = 1 + i // 250 and B = 1 + i % 250 (127.0.0.0/8
all loops back on Linux); every address listens on the same port, so one server and one port answer
the whole fleet. Each address serves the bundled sample government site (``govwatch.sample.server``:
32 pages, dates rendered relative to ``--today``), except the "down" sites (every ``--down-every``-th
one), whose root is an empty folder: every URL answers 404, so probes fail and are confirmed.

Why addresses and not host names: the probe service takes a ``resolve`` map, but scheduled scans
(``scan_jobs.execute_run`` → ``scan_request``) build their CrawlOptions without one, and the machine's
DNS answers NXDOMAIN; IP-literal homepage URLs need no resolver at all.

Run as a child: ``python benchmarks/fleet_server.py --sites N --today YYYY-MM-DD [--down-every K]``.
It prints one JSON line ``{"port": P, "addresses": N}`` once every address is bound and serves until
SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
from datetime import date
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from govwatch.sample.server import SampleServer  # noqa: E402  (repository root on sys.path first)

PER_BLOCK = 250  # sites per 127.0.A.0/24 block


def address(index: int) -> str:
    """Loopback address of site ``index`` (0-based): 127.0.1.1, 127.0.1.2 … 127.0.1.250, 127.0.2.1 …"""
    return f"127.0.{1 + index // PER_BLOCK}.{1 + index % PER_BLOCK}"


def is_down(index: int, down_every: int) -> bool:
    """True for the sites whose every URL answers 404 (every ``down_every``-th; 0 = none)."""
    return down_every > 0 and index % down_every == down_every - 1


async def serve(sites: int, today: date, down_every: int, port: int) -> None:
    """Bind every site's address on one port (a free one when ``port`` is 0), print the ready line, wait
    for SIGTERM/SIGINT. Raises OSError when an address cannot be bound."""
    empty = Path(tempfile.mkdtemp(prefix="govwatch-fleet-down-"))
    roots = {address(i): empty for i in range(sites) if is_down(i, down_every)}
    runner = web.AppRunner(SampleServer(roots, today).app(), access_log=None, handle_signals=False,
                           handler_cancellation=True, shutdown_timeout=1.0)
    await runner.setup()
    for i in range(sites):
        site = web.TCPSite(runner, address(i), port, reuse_address=True, backlog=512)
        await site.start()
        if port == 0:
            server = site._server
            assert isinstance(server, asyncio.Server) and server.sockets
            port = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port, "addresses": sites}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    with contextlib.suppress(Exception):
        await runner.cleanup()
    empty.rmdir()


def main(argv: list[str] | None = None) -> int:
    """Parse the options and serve; 0 after a signal."""
    p = argparse.ArgumentParser(description="舰队基准测试的本地网站服务器（127.0.A.B 回环地址，每个地址一个网站）")
    p.add_argument("--sites", type=int, required=True)
    p.add_argument("--today", type=date.fromisoformat, required=True, help="示例网站渲染日期所依据的“今天”")
    p.add_argument("--down-every", type=int, default=0, help="每 K 个网站中有一个全部返回 404（0 = 无）")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--nice", type=int, default=0, help="进程优先级（nice 值，负数需 root）")
    args = p.parse_args(argv)
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)
    asyncio.run(serve(args.sites, args.today, args.down_every, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
