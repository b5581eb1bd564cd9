"""Compressed-time versions of ``govwatch serve``'s probe loop and scan scheduler/workers (fleet benchmark).

``govwatch serve`` (``services.embedded`` + ``services.probes.probe_loop``) reads the wall clock; its
services all take ``now``. These loops have the same structure — same services, same claims, same
thread layout — but pass the time of a :class:`SimClock` that runs ``factor`` times faster than real
time, so a simulated day of probes and incremental scans takes 86400 / factor real seconds:

- :class:`ProbeDriver` mirrors ``probe_loop``: a round of ``run_due_probes(now=sim)`` whenever a probe is
  due, up to ``rounds`` rounds at once in worker threads, a new one only once the previous one has
  claimed its targets; idle, it sleeps until the next due time (converted to real seconds).
- :class:`ScanDriver` mirrors ``Embedded``: a scheduler thread every ``tick`` real seconds claims
  (``scheduler.claim_due(now=sim, limit=idle workers)``) and queues run ids; ``workers`` threads run
  ``execute_run(run_id, now=sim)``; probes older than 90 days are compacted once per simulated day.

Lateness (actual start − scheduled time) is measured in real seconds: the scheduled times are read
just before a round or claim (the same query, with the same ``now``, that the service runs), the
actual start is the simulated time when the round's claims are made (probes start right after) or
when a worker starts the run, and the simulated difference is divided by ``factor``.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import DatabaseError, close_old_connections, connection

from govwatch.core.clock import CHINA_TZ
from govwatch.services import probes, scheduler
from govwatch.services.scan_jobs import RunResult, execute_run
from govwatch.storage import claims
from govwatch.storage import probe_queries as q

log = logging.getLogger("fleet")


class SimClock:
    """Simulated time: ``start`` at creation, then ``factor`` simulated seconds per real second."""

    def __init__(self, start: datetime, factor: float) -> None:
        self.start, self.factor = start, factor
        self._m0 = time.monotonic()

    def now(self) -> datetime:
        """The current simulated time (aware, UTC)."""
        return self.start + timedelta(seconds=(time.monotonic() - self._m0) * self.factor)

    def real_seconds(self, sim: timedelta) -> float:
        """Real seconds that a simulated span takes."""
        return sim.total_seconds() / self.factor

    def real_until(self, when: datetime) -> float:
        """Real seconds until the simulated clock reaches ``when`` (≤ 0: already passed)."""
        return self.real_seconds(when - self.now())


@dataclass
class Tally:
    """Thread-safe counters and lateness samples (real seconds) of one driver."""

    lateness: list[float] = field(default_factory=list)
    recheck_lateness: list[float] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: int) -> None:
        """Add to named counters."""
        with self.lock:
            for name, value in counts.items():
                self.counts[name] = self.counts.get(name, 0) + value


class ProbeDriver:
    """``probe_loop`` on a simulated clock (see module docstring); ``run()`` until ``stop`` is set."""

    def __init__(self, clock: SimClock, stop: threading.Event, *, rounds: int = 4, concurrency: int = 50,
                 max_sleep: float = 60.0) -> None:
        self.clock, self.stop, self.rounds = clock, stop, rounds
        self.concurrency, self.max_sleep = concurrency, max_sleep
        self.tally = Tally()

    def run(self) -> None:
        """The loop; returns once ``stop`` is set and the running rounds have finished."""
        running: dict[Future[None], threading.Event] = {}
        last_start = -math.inf
        with ThreadPoolExecutor(max_workers=self.rounds, thread_name_prefix="fleet-probe") as pool:
            try:
                while not self.stop.is_set():
                    self._reap(running)
                    wait = min(self._seconds_to_due(), last_start + self.max_sleep - time.monotonic())
                    claiming = any(not claimed.is_set() for claimed in running.values())
                    if wait <= 0 and not claiming and len(running) < self.rounds:
                        claimed, last_start = threading.Event(), time.monotonic()
                        now = self.clock.now()
                        due = q.due_targets(now, 10_000)  # what the round will claim, with its due times
                        running[pool.submit(self._round, claimed, now, due)] = claimed
                        continue
                    self.stop.wait(min(max(wait, 0.05), 0.25) if running else max(wait, 0.05))
            finally:
                for future in list(running):
                    future.exception()
                self._reap(running)
                close_old_connections()

    def _seconds_to_due(self) -> float:
        try:
            due = q.next_due_at()
        except DatabaseError:
            log.exception("读取下次探测时间失败")
            self.tally.add(db_errors=1)
            close_old_connections()
            return min(self.max_sleep, 1.0)
        return self.max_sleep if due is None else min(self.max_sleep, self.clock.real_until(due))

    def _round(self, claimed: threading.Event, now: datetime, due: list[q.DueTarget]) -> None:
        marks: list[datetime] = []

        def on_claimed() -> None:
            marks.append(self.clock.now())
            claimed.set()

        try:
            t0 = time.monotonic()
            result = probes.run_due_probes(now=now, concurrency=self.concurrency, on_claimed=on_claimed)
            with self.tally.lock:
                self.tally.durations.append(time.monotonic() - t0)
        except DatabaseError:
            log.exception("探测轮次因数据库错误中断")
            self.tally.add(db_errors=1, failed_rounds=1)
            return
        finally:
            claimed.set()
            connection.close()
        started = marks[0] if marks else now
        scheduled = [(t.confirm_due_at if t.recheck_due(now) else t.next_probe_at or now, t.recheck_due(now))
                     for t in due]
        with self.tally.lock:
            for at, recheck in scheduled:
                late = self.clock.real_seconds(started - at) if at is not None else 0.0
                (self.tally.recheck_lateness if recheck else self.tally.lateness).append(late)
        self.tally.add(rounds=1, probed=result.probed, rechecks=result.rechecks, ok=result.ok,
                       failed=result.failed, confirmed=result.confirmed, refuted=result.refuted,
                       lost=result.lost, unmatched=abs(result.probed - len(due)))

    def _reap(self, running: dict[Future[None], threading.Event]) -> None:
        for future in [f for f in running if f.done()]:
            del running[future]
            error = future.exception()
            if error is not None:
                log.error("探测轮次出错：%r", error)
                self.tally.add(errors=1)


class ScanDriver:
    """``Embedded``'s scheduler and scan workers on a simulated clock (see module docstring)."""

    def __init__(self, clock: SimClock, stop: threading.Event, *, workers: int = 2, tick: float = 2.0,
                 on_result: Callable[[RunResult], None] | None = None) -> None:
        self.clock, self.stop, self.workers, self.tick = clock, stop, workers, tick
        self.on_result = on_result
        self.tally = Tally()
        self._jobs: queue.Queue[tuple[int, datetime | None]] = queue.Queue()
        self._busy = 0
        self._lock = threading.Lock()
        self._compacted: date | None = None
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start the scheduler thread and the worker threads."""
        targets: list[tuple[str, Callable[[], None]]] = [("fleet-scheduler", self._schedule_loop)]
        targets += [(f"fleet-scan-{i + 1}", self._work_loop) for i in range(self.workers)]
        for name, target in targets:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def join(self, timeout: float = 120.0) -> None:
        """Wait for the threads after ``stop`` was set (a scan in progress is finished)."""
        for thread in self._threads:
            thread.join(timeout)

    def _schedule_loop(self) -> None:
        while not self.stop.is_set():
            try:
                self._schedule_round()
            except Exception:
                log.exception("调度失败")
                self.tally.add(errors=1)
            finally:
                close_old_connections()
            self.stop.wait(self.tick)
        # Queued but unstarted runs stay queued: their lease expires and they are reaped, as in serve.

    def _schedule_round(self) -> None:
        with self._lock:
            idle = self.workers - self._busy
        now = self.clock.now()
        if idle > 0:
            due = {d.id: d.next_run_at for d in claims.due_schedules(now, limit=idle * 4 + 10)}
            for run in scheduler.claim_due(now=now, limit=idle):
                with self._lock:
                    self._busy += 1
                self._jobs.put((run.id, due.get(run.schedule_id) if run.schedule_id else None))
        today = now.astimezone(CHINA_TZ).date()
        if self._compacted != today:
            self._compacted = today
            probes.compact_probes(now)

    def _work_loop(self) -> None:
        while not self.stop.is_set():
            try:
                run_id, scheduled = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                started = self.clock.now()
                if scheduled is not None:
                    with self.tally.lock:
                        self.tally.lateness.append(self.clock.real_seconds(started - scheduled))
                t0 = time.monotonic()
                result = execute_run(run_id, now=started)
                with self.tally.lock:
                    self.tally.durations.append(time.monotonic() - t0)
                self.tally.add(**{result.status: 1, f"{result.kind}_{result.status}": 1})
                if self.on_result is not None:
                    self.on_result(result)
            except Exception:
                log.exception("扫描 %s 出错", run_id)
                self.tally.add(errors=1)
            finally:
                with self._lock:
                    self._busy -= 1
                close_old_connections()


def quantiles(values: list[float], points: tuple[float, ...] = (0.5, 0.9, 0.99)) -> dict[str, float | None]:
    """Nearest-rank quantiles (``p50`` …) plus ``max`` and ``n`` of ``values`` (None when empty)."""
    ordered = sorted(values)
    out: dict[str, float | None] = {}
    for p in points:
        key = f"p{round(p * 100):d}"
        out[key] = ordered[max(0, math.ceil(p * len(ordered)) - 1)] if ordered else None
    out["max"] = ordered[-1] if ordered else None
    out["n"] = len(ordered)
    return out
