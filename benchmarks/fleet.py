"""Fleet benchmark (issue #3 §10): 1,000 sites on loopback, availability probes and daily incremental
scans compressed in time, on SQLite or PostgreSQL.

For each ``--minutes M`` (real minutes per simulated day; several values compare compressions):

1. a temp data folder (and, with ``--db postgres``, a fresh database on the server of ``--pg-url``);
2. the fixture server (``fleet_server.py``, a child process): N sites answered on 127.0.A.B addresses,
   one port, the bundled sample site each (32 pages), one site in ``--down-every`` answering 404;
3. a real-shaped registry workbook (``fleet_registry.py``) imported with ``govwatch sites import``;
4. the measured child (``fleet_run.py``): the platform's probe loop and scan scheduler/workers on a
   clock running 1440/M times faster than real time (``fleet_loops.py``), for ``--days`` simulated days,
   then the database measured before and after folding the probes into daily rows.

Reported per run (``fleet_report.py``): probes/s and scans/s (real seconds), scheduling lateness
p50/p99/max in real seconds (actual start − scheduled time), CPU of the platform process and of the
fixture server, peak RSS, database growth per site-day (raw, and after probe compaction + VACUUM), and
whether the box kept up (p99 lateness < 5 s for probes and scans, nothing overdue at the end, every
scheduled probe and scan done). The fastest compression that kept up is extrapolated to real time
(20 probes and one incremental scan per site per 86,400 s).

Usage: ``.venv/bin/python benchmarks/fleet.py [--sites 1000] [--minutes 20[,40…]] [--days 0.4]
[--db sqlite|postgres] [--workers 8] [--nice N] [--json FILE] [--keep]``; ``scripts/bench --fleet …``
sets up first. The default run takes about 9 minutes (0.4 simulated day at 72×).
Exit status: 0 a run kept up (target met), 1 no run kept up, 2 a setup step failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import fleet_report
from fleet_registry import write_registry
from measure import ChildRun, cpu_seconds, run_child
from rich.console import Console

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = REPO / ".venv" / "bin" / "python"
GOVWATCH = REPO / ".venv" / "bin" / "govwatch"
CHINA = timezone(timedelta(hours=8))


class SetupError(RuntimeError):
    """A step before the measured run failed; the message (Chinese) says which."""


class Sampler(threading.Thread):
    """Samples every second: wall time, the machine's busy and total CPU jiffies (/proc/stat) and the
    fixture server's CPU seconds, so the measured window can be cut out afterwards."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(name="fleet-sampler", daemon=True)
        self.server_pid = server_pid
        self.samples: list[tuple[float, int, int, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        """Sample until ``stop`` is set."""
        while not self.stop.is_set():
            fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
            idle = fields[3] + fields[4]
            self.samples.append((time.time(), sum(fields) - idle, sum(fields), cpu_seconds([self.server_pid])))
            self.stop.wait(1.0)

    def window(self, start: float, end: float) -> dict[str, float]:
        """Machine busy cores (average) and fixture server CPU seconds between two epoch times."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return {"machine_busy_cores": 0.0, "server_cpu_s": 0.0}
        (t0, b0, a0, s0), (t1, b1, a1, s1) = inside[0], inside[-1]
        cores = os.cpu_count() or 1
        share = (b1 - b0) / (a1 - a0) if a1 > a0 else 0.0
        return {"machine_busy_cores": share * cores, "server_cpu_s": (s1 - s0) * (end - start) / max(t1 - t0, 1e-9)}


@contextlib.contextmanager
def fixture_server(sites: int, down_every: int, today: str, logs: Path, nice: int) -> Iterator[tuple[int, int]]:
    """Start ``fleet_server.py``; yields (port, pid); stops it on exit. Raises SetupError."""
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / "server.err").open("wb") as err:
        proc = subprocess.Popen([str(PY), str(HERE / "fleet_server.py"), "--sites", str(sites), "--today", today,
                                 "--down-every", str(down_every), "--nice", str(nice)], stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        line = proc.stdout.readline() if ready else b""
        if not line:
            raise SetupError(f"网站服务器未能启动：{(logs / 'server.err').read_text(errors='replace')[-500:]}")
        yield int(json.loads(line)["port"]), proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def database(kind: str, pg_url: str, tag: str) -> Iterator[dict[str, str]]:
    """Environment for the platform's database: nothing for SQLite (a file in the data folder), a fresh
    PostgreSQL database ``govwatch_fleet_<tag>`` for postgres (dropped on exit). Raises SetupError."""
    if kind == "sqlite":
        yield {}
        return
    import psycopg

    name = f"govwatch_fleet_{tag}"
    parts = urlsplit(pg_url)
    try:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise SetupError(f"无法在 {pg_url} 创建数据库 {name}：{exc}") from exc
    try:
        yield {"DATABASE_URL": urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))}
    finally:
        with contextlib.suppress(psycopg.Error), psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def platform_env(data_dir: Path, db_env: dict[str, str], factor: float, cache: Path, workers: int) -> dict[str, str]:
    """The children's environment: our data folder and database, 20 probes a day, the scan lease scaled
    with the clock (300 real seconds), at least ``workers`` scan slots, no Celery broker (tasks stay in-process), the typo model cache
    ``cache`` shared by the runs (trained once by :func:`train_typo_model`)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(db_env)
    env.update(GOVWATCH_DATA_DIR=str(data_dir), GOVWATCH_PROBES_PER_DAY="20", GOVWATCH_PROOFREAD_CACHE=str(cache),
               GOVWATCH_SCAN_LEASE=str(round(300 * factor)), GOVWATCH_WORKER_ID="fleet-bench",
               GOVWATCH_SCAN_SLOTS=str(max(8, workers)),
               PYTHONUNBUFFERED="1")
    return env


def train_typo_model(cache: Path, logs: Path) -> ChildRun:
    """Train the proofreading typo model into ``cache`` once, in a child, before any measured run: a
    fresh data folder would otherwise make the first scans of every run train it (seconds of CPU)."""
    code = "from govwatch.proofread.typo.backend import default_backend; default_backend()"
    env = {**os.environ, "GOVWATCH_PROOFREAD_CACHE": str(cache)}
    trained = run_child([str(PY), "-c", code], logs, "typo-model", 900, env=env, cwd=REPO)
    if trained.returncode != 0:
        raise SetupError(f"错别字模型训练失败：{trained.tail()}")
    return trained


def tail(path: Path, stop: threading.Event, console: Console) -> None:
    """Print lines appended to ``path`` every second until ``stop`` is set (the measured child's progress)."""
    offset = 0
    while True:
        done = stop.wait(1.0)
        if path.exists():
            data = path.read_bytes()[offset:]
            cut = data.rfind(b"\n") + 1
            for line in data[:cut].decode("utf-8", "replace").splitlines():
                console.print(f"  {line}", highlight=False)
            offset += cut
        if done:
            return


def run_once(args: argparse.Namespace, minutes: float, work: Path, cache: Path, console: Console) -> dict[str, Any]:
    """One compression: set up, import, run the measured child; returns its figures (fleet_report)."""
    factor = 1440.0 / minutes
    logs = work / "logs"
    today = (datetime.now(CHINA) - timedelta(days=args.days)).date().isoformat()  # the first simulated day
    load = os.getloadavg()[0]
    with fixture_server(args.sites, args.down_every, today, logs, args.nice) as (port, server_pid), \
            database(args.db, args.pg_url, f"{os.getpid()}_{work.name[-6:].lower()}") as db_env:
        env = platform_env(work / "data", db_env, factor, cache, args.workers)
        registry = write_registry(work / "registry.xlsx", args.sites, port)
        imported = run_child([str(GOVWATCH), "sites", "import", str(registry)], logs, "import", 600, env=env)
        if imported.returncode != 0:
            raise SetupError(f"govwatch sites import 失败（退出码 {imported.returncode}）：{imported.tail()}")
        console.print(f"  名录导入：{args.sites} 个网站，{imported.wall:.1f} 秒（CPU {imported.cpu:.1f} 秒）",
                      highlight=False)
        sampler = Sampler(server_pid)
        sampler.start()
        stop_tail = threading.Event()
        tailer = threading.Thread(target=tail, args=(logs / "run.out", stop_tail, console), daemon=True)
        tailer.start()
        result_file = work / "result.json"
        argv = [str(PY), str(HERE / "fleet_run.py"), "--minutes", str(minutes), "--days", str(args.days),
                "--workers", str(args.workers), "--tick", str(args.tick), "--nice", str(args.nice),
                "--result", str(result_file)]
        argv += ["--weekly-full"] if args.weekly_full else []
        argv += ["--only", args.only] if args.only else []
        child = run_child(argv, logs, "run", args.days * minutes * 60 + 900, env=env)
        stop_tail.set()
        tailer.join()
        sampler.stop.set()
        sampler.join()
    return _figures(args, minutes, child, imported, sampler, result_file, load)


def _figures(args: argparse.Namespace, minutes: float, child: ChildRun, imported: ChildRun, sampler: Sampler,
             result_file: Path, load: float) -> dict[str, Any]:
    if child.returncode != 0 or not result_file.exists():
        raise SetupError(f"测量子进程失败（退出码 {child.returncode}{'，超时' if child.timed_out else ''}）：{child.tail()}")
    raw = json.loads(result_file.read_text(encoding="utf-8"))
    start = raw["window_start_epoch"]
    machine = sampler.window(start, start + raw["window_real_s"])
    return fleet_report.figures(args, minutes, raw, machine, imported, child, load)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description="govwatch 舰队基准测试：1000 个本地网站的可用性探测与每日增量扫描（时间压缩）")
    p.add_argument("--sites", type=int, default=1000, help="网站数（默认 1000）")
    p.add_argument("--minutes", default="20", help="一个模拟日对应的实际分钟数，可用逗号给出多个依次运行（默认 20）")
    p.add_argument("--days", type=float, default=0.4, help="每次运行模拟的天数，可为小数（默认 0.4）")
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite", help="数据库（默认 sqlite）")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                   help="PostgreSQL 服务器（会在其上新建并在结束时删除一个临时数据库）")
    p.add_argument("--workers", type=int, default=8, help="扫描线程数，同 govwatch serve --workers（默认 8）")
    p.add_argument("--tick", type=float, default=2.0, help="调度间隔秒数，同 govwatch serve --tick（默认 2）")
    p.add_argument("--down-every", type=int, default=50, help="每 K 个网站中有一个无法访问（默认 50，0 = 无）")
    p.add_argument("--weekly-full", action="store_true", help="同时运行每周全量扫描（第一周内分散，每天约 1/7 的网站）")
    p.add_argument("--only", choices=("probes", "scans"), help="只运行探测或只运行扫描（分别测量成本）")
    p.add_argument("--nice", type=int, default=0,
                   help="平台进程和网站服务器的 nice 值（默认 0）；在有其他任务的共用机器上可用负数（需 root）近似独占机器")
    p.add_argument("--json", type=Path, help="把结果写入 JSON 文件")
    p.add_argument("--keep", action="store_true", help="保留临时目录（数据库、日志、名录文件）")
    args = p.parse_args(argv)
    try:
        args.minutes_list = [float(m) for m in args.minutes.split(",") if m.strip()]
    except ValueError:
        p.error("--minutes 应为数字，多个用逗号分隔")
    if not args.minutes_list or min(args.minutes_list) <= 0 or args.sites < 1 or args.days <= 0 or args.workers < 1:
        p.error("--minutes、--sites、--days、--workers 应为正数")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse_args(argv)
    console = Console() if sys.stdout.isatty() else Console(width=160)
    if not GOVWATCH.exists():
        console.print(f"[red]找不到 {GOVWATCH}：请先运行 scripts/setup[/]", highlight=False)
        return 2
    cache = Path(tempfile.mkdtemp(prefix="govwatch-fleet-typo-"))
    try:
        trained = train_typo_model(cache, cache / "logs")
    except SetupError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        return 2
    console.print(f"错别字模型（扫描的校对检查用）已训练：{trained.wall:.1f} 秒，不计入测量", highlight=False)
    try:
        return _runs(args, cache, console)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _runs(args: argparse.Namespace, cache: Path, console: Console) -> int:
    runs: list[dict[str, Any]] = []
    for minutes in args.minutes_list:
        work = Path(tempfile.mkdtemp(prefix="govwatch-fleet-"))
        console.print(f"[bold]▶ {args.sites} 个网站，一个模拟日 = {minutes:g} 分钟（{1440 / minutes:.0f} 倍速），"
                      f"模拟 {args.days:g} 天，{args.db}，扫描线程 {args.workers}[/]  {work}", highlight=False)
        try:
            runs.append(run_once(args, minutes, work, cache, console))
        except SetupError as exc:
            console.print(f"[red]{exc}[/]", highlight=False)
            return 2
        finally:
            if args.keep:
                console.print(f"  临时目录已保留：{work}", highlight=False)
            else:
                shutil.rmtree(work, ignore_errors=True)
        fleet_report.print_run(console, runs[-1])
    summary = fleet_report.summary(runs)
    fleet_report.print_summary(console, runs, summary)
    if args.json:
        fleet_report.save_json(args.json, args, runs, summary)
        console.print(f"结果已写入 {args.json}", highlight=False)
    return 0 if summary["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
