"""Run one child process and measure it: wall seconds, CPU seconds and peak RSS from ``os.wait4``.

The rusage that ``wait4`` returns is the child's own (plus any descendants it waited for), so the
figures are not blurred by the benchmark driver, nginx or other tools.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChildRun:
    """Measurements of one finished child: ``wall`` seconds from spawn to exit, ``user``/``sys`` CPU
    seconds, ``max_rss_mb`` peak resident set size in MiB (ru_maxrss), ``returncode`` (negative for a
    signal), ``timed_out`` when it was killed at the time limit, and where its output went."""

    argv: tuple[str, ...]
    returncode: int
    wall: float
    user: float
    sys: float
    max_rss_mb: float
    timed_out: bool
    stdout: Path
    stderr: Path

    @property
    def cpu(self) -> float:
        """User + system CPU seconds."""
        return self.user + self.sys

    def tail(self, chars: int = 600) -> str:
        """The last ``chars`` characters of stderr (or stdout when stderr is empty), for messages."""
        for path in (self.stderr, self.stdout):
            try:
                text = path.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
            if text:
                return text[-chars:]
        return ""


def run_child(argv: Sequence[str], logs: Path, name: str, timeout: float,
              env: Mapping[str, str] | None = None, cwd: Path | None = None) -> ChildRun:
    """Run ``argv`` to completion (killing its process group after ``timeout`` seconds) and measure it.

    stdout and stderr go to ``logs/NAME.out`` and ``logs/NAME.err``. Raises OSError when the program
    cannot be started."""
    logs.mkdir(parents=True, exist_ok=True)
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    with out.open("wb") as fo, err.open("wb") as fe:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=fo, stderr=fe,
                                env=dict(env) if env is not None else None, cwd=cwd, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):  # the child's own group: it and what it spawned
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the child sits in its own session and would not see it
            kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    return ChildRun(tuple(argv), proc.returncode, wall, usage.ru_utime, usage.ru_stime,
                    usage.ru_maxrss / 1024, killed.is_set(), out, err)


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU seconds used so far by ``pids`` (read from /proc; 0 for a vanished pid)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15)
    return total
