"""The measured child of the fleet benchmark: the platform's probe loop and scan workers in one process,
on a compressed clock, against the database the registry was imported into.

``python benchmarks/fleet_run.py --minutes M --days D --result FILE [--workers W] …`` with the
platform's environment (GOVWATCH_DATA_DIR, DATABASE_URL, GOVWATCH_PROBES_PER_DAY, GOVWATCH_SCAN_LEASE).

1. Start state (steady state, not the first hour after an import): the simulated days start at the
   Beijing midnight at least D days before the real clock (so simulated time never passes real time:
   heartbeats, which the platform stamps with the real clock, never look stale); each probe target's
   first probe falls in the middle half of the day's first probe slot, as ``next_probe_time`` puts it; the incremental schedules are due
   at uniformly spread times over the first simulated day; the weekly full scans are due after the
   simulated period (``--weekly-full``: spread over the first week instead, 1/7 of the sites a day).
2. The database is compacted (VACUUM) and measured, then :class:`fleet_loops.ProbeDriver` and
   :class:`fleet_loops.ScanDriver` run for D simulated days (D × M real minutes).
3. Then: what is still overdue, the database size, the same after folding every probe into daily
   rows (``compact_probes`` as 90 days later) and VACUUM. Everything goes to ``--result`` as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import sys
import threading
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class CountingHandler(logging.Handler):
    """Counts warnings and errors logged by the platform and keeps the first few messages."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[str, int] = {}
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Count ``record``; keep its first line when fewer than 10 are kept."""
        key = f"{record.levelname}:{record.name}"
        self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.first) < 10:
            text = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                text += f" — {record.exc_info[1]!r}"
            self.first.append(f"{key}: {text[:300]}")


def prepare(start: datetime, rng: random.Random, weekly_full: bool) -> dict[str, int]:
    """Set the steady-state start (module docstring, step 1); returns rows changed per kind."""
    from govwatch.services import probes
    from govwatch.storage.models import ProbeTarget, ScanSchedule

    targets = list(ProbeTarget.objects.select_related("site"))
    for t in targets:
        # One probe in the middle half of every slot from the first one on (start is a slot boundary).
        t.next_probe_at = probes.next_probe_time(start - timedelta(seconds=1), probes.probes_per_day(t.site.probes_per_day), rng)
        t.confirm_due_at = None
    ProbeTarget.objects.bulk_update(targets, ["next_probe_at", "confirm_due_at"], batch_size=500)
    schedules = list(ScanSchedule.objects.all())
    day, week = 86_400.0, 7 * 86_400.0
    for s in schedules:
        if s.kind == ScanSchedule.Kind.INCREMENTAL:
            offset = rng.uniform(0, day)
        else:
            offset = rng.uniform(0, week) + (0 if weekly_full else week)
        s.next_run_at = start + timedelta(seconds=offset)
    ScanSchedule.objects.bulk_update(schedules, ["next_run_at"], batch_size=500)
    return {"probe_targets": len(targets), "schedules": len(schedules)}


def overdue(end: datetime, grace: timedelta) -> dict[str, int]:
    """Probe targets and enabled schedules still due more than ``grace`` before ``end``."""
    from django.db.models import Q

    from govwatch.storage.models import ProbeTarget, ScanSchedule

    cutoff = end - grace
    return {
        "probe_targets": ProbeTarget.objects.filter(Q(next_probe_at__lt=cutoff) | Q(confirm_due_at__lt=cutoff)).count(),
        "schedules": ScanSchedule.objects.filter(enabled=True, next_run_at__lt=cutoff).count(),
    }


def _cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def simulate(args: argparse.Namespace, start: datetime, say: Any) -> dict[str, Any]:
    """Run the drivers for ``args.days`` simulated days; the measurements of that window."""
    from fleet_loops import ProbeDriver, ScanDriver, SimClock, quantiles

    factor = 1440.0 / args.minutes
    clock = SimClock(start, factor)
    stop = threading.Event()
    probe = ProbeDriver(clock, stop, rounds=args.rounds, concurrency=args.concurrency)
    scan = ScanDriver(clock, stop, workers=args.workers, tick=args.tick)
    end = start + timedelta(days=args.days)
    cpu0, wall0, mono0 = _cpu(), time.time(), time.monotonic()
    probe_thread = threading.Thread(target=probe.run, name="fleet-probes", daemon=True)
    if args.only != "scans":
        probe_thread.start()
    if args.only != "probes":
        scan.start()
    while (left := clock.real_until(end)) > 0:
        time.sleep(min(left, 30.0))
        p, s = probe.tally.counts, scan.tally.counts
        say(f"模拟时间 {clock.now().astimezone().strftime('%m-%d %H:%M')}：探测 {p.get('probed', 0)} 次"
            f"（{p.get('rounds', 0)} 轮），扫描完成 {s.get('done', 0)} 次，"
            f"实际用时 {time.monotonic() - mono0:.0f} 秒")
    stop.set()
    cpu1, mono1 = _cpu(), time.monotonic()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if probe_thread.is_alive():
        probe_thread.join(120)
    scan.join(120)
    window = mono1 - mono0
    return {
        "factor": factor, "sim_start": start.isoformat(), "sim_end": end.isoformat(),
        "window_start_epoch": wall0, "window_real_s": window, "drain_real_s": time.monotonic() - mono1,
        "cpu_user_s": cpu1[0] - cpu0[0], "cpu_sys_s": cpu1[1] - cpu0[1], "rss_peak_mb": rss_mb,
        "probes": {**probe.tally.counts, "lateness": quantiles(probe.tally.lateness),
                   "recheck_lateness": quantiles(probe.tally.recheck_lateness),
                   "round_seconds": quantiles(probe.tally.durations)},
        "scans": {**scan.tally.counts, "lateness": quantiles(scan.tally.lateness),
                  "run_seconds": quantiles(scan.tally.durations)},
        "overdue_5s": overdue(end, timedelta(seconds=5 * factor)),
    }


def db_figures(end: datetime, before: Any) -> dict[str, Any]:
    """Database size after the run, then after folding every probe into ProbeDay rows and compacting."""
    import fleet_db

    from govwatch.services import probes
    from govwatch.storage.models import ScanRun

    after = fleet_db.measure()
    statuses = {f"{kind}_{status}": n for kind, status, n in _run_counts(ScanRun)}
    t = time.monotonic()
    folded = probes.compact_probes(now=end + timedelta(days=probes.KEEP_DAYS + 1))
    fold_s = time.monotonic() - t
    fleet_db.compact()
    compacted = fleet_db.measure()
    return {"before": asdict(before), "after": asdict(after), "compacted": asdict(compacted),
            "compaction": {"probes_deleted": folded.probes_deleted, "days_written": folded.days_written,
                           "seconds": fold_s},
            "scan_runs": statuses, "vendor": "sqlite" if fleet_db.is_sqlite() else "postgresql"}


def _run_counts(model: Any) -> list[tuple[str, str, int]]:
    from django.db.models import Count

    return [(r["kind"], r["status"], r["n"]) for r in
            model.objects.values("kind", "status").annotate(n=Count("id")).order_by("kind", "status")]


def main(argv: list[str] | None = None) -> int:
    """Run the measured window and write the result file; 0 on success."""
    p = argparse.ArgumentParser(description="舰队基准测试：在压缩的时间里运行探测与增量扫描（子进程）")
    p.add_argument("--minutes", type=float, required=True, help="一个模拟日对应的实际分钟数")
    p.add_argument("--days", type=float, default=1.0, help="模拟天数")
    p.add_argument("--workers", type=int, default=2, help="扫描线程数（govwatch serve --workers）")
    p.add_argument("--tick", type=float, default=2.0, help="调度间隔实际秒数（govwatch serve --tick）")
    p.add_argument("--rounds", type=int, default=4, help="同时进行的探测轮次（probe_loop rounds）")
    p.add_argument("--concurrency", type=int, default=50, help="每轮同时探测数")
    p.add_argument("--weekly-full", action="store_true", help="第一周内分散安排每周全量扫描")
    p.add_argument("--only", choices=("probes", "scans"), help="只运行探测或只运行扫描（用于分别测量成本）")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--nice", type=int, default=0, help="进程优先级（nice 值，负数需 root），在启动任何线程之前设置")
    p.add_argument("--result", type=Path, required=True)
    args = p.parse_args(argv)
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)  # threads started later inherit it

    def say(line: str) -> None:
        print(line, flush=True)

    from govwatch.services import platform

    platform.setup()
    counter = CountingHandler()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    logging.getLogger().addHandler(counter)
    import fleet_db

    from govwatch.core.clock import utcnow
    from govwatch.proofread.typo.backend import default_backend

    default_backend()  # load the typo model now (a running server has it), not inside the window
    from govwatch.core.clock import CHINA_TZ

    # Beijing midnight, at least D days ago: the simulated days are calendar days and hold whole probe slots.
    start = datetime.combine((utcnow() - timedelta(days=args.days)).astimezone(CHINA_TZ).date(), dt_time(),
                             CHINA_TZ).astimezone(UTC)
    prepared = prepare(start, random.Random(args.seed), args.weekly_full)
    fleet_db.compact()
    before = fleet_db.measure()
    say(f"准备完成：{prepared['probe_targets']} 个探测对象，{prepared['schedules']} 个扫描计划；"
        f"数据库 {before.total / 1e6:.1f} MB；开始模拟 {args.days:g} 天 × {args.minutes:g} 分钟")
    result = simulate(args, start, say)
    result["prepared"] = prepared
    result["db"] = db_figures(start + timedelta(days=args.days), before)
    result["log"] = {"counts": counter.counts, "first": counter.first}
    result["pid"] = os.getpid()
    args.result.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
