"""``govwatch demo --platform``: the bundled sample site as a small fleet on the real platform (accounts,
first scans, probes, scores), then ``govwatch serve`` — see govwatch.services.demo_platform."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from types import FrameType

from govwatch.cli.validate import check_port

DEFAULT_DATA_DIR = "var/demo"


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_platform(args: argparse.Namespace) -> int:
    """Serve the sample site on ``--sample-port``, seed the demo platform (data folder
    ``$GOVWATCH_DATA_DIR`` or ./var/demo) and run ``govwatch serve`` on ``--port`` until Ctrl-C. 0."""
    port, sample_port = check_port(args.port, "--port"), check_port(args.sample_port, "--sample-port")
    from govwatch.sample.server import ServerThread
    from govwatch.services.demo import resolve_entries

    os.environ.setdefault("GOVWATCH_DATA_DIR", DEFAULT_DATA_DIR)
    extra = os.environ.get("GOVWATCH_RESOLVE", "")
    os.environ["GOVWATCH_RESOLVE"] = ",".join(filter(None, [extra, resolve_entries(sample_port)]))
    from govwatch.services import platform

    platform.migrate()
    from govwatch.services.demo_platform import prepare
    from govwatch.services.embedded import EmbeddedOptions, serve

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        sample = ServerThread(port=sample_port).__enter__()
    except OSError as exc:
        from govwatch.services.errors import UsageError

        raise UsageError(f"示例网站端口 {sample_port} 无法使用（{exc.strerror or exc}），请用 --sample-port 换一个") from exc
    try:
        say(f"内置示例网站已在 127.0.0.1:{sample_port} 启动；数据目录 {os.environ['GOVWATCH_DATA_DIR']}；首次监测中……")
        made = prepare(sample_port, say)

        def ready(url: str) -> None:
            say(f"\n监管平台已启动：{url}  （按 Ctrl+C 停止）\n演示账号（密码保存在数据目录的 demo-accounts.txt）：")
            for account in made:
                say(f"  {account.role}：{account.username} / {account.password}")

        signal.signal(signal.SIGTERM, _terminate)
        with contextlib.suppress(KeyboardInterrupt):
            serve(EmbeddedOptions(port=port), say, ready)
    finally:
        sample.__exit__(None, None, None)
    print("监管平台已停止。", file=sys.stderr)
    return 0
