"""THE fault test (issue #3 §9): a real ``govwatch worker`` (Celery over a real Redis) is killed with
SIGKILL in the middle of a scan; once the lease expires the run is found lost, claimed again, and a
second worker completes it — no duplicated findings, nothing lost.

Everything runs in real processes on a file-based SQLite database (and on a fresh PostgreSQL database
when one is available) in a temporary GOVWATCH_DATA_DIR; the site is served by ServerThread with a slow
page so the crawl lasts a few seconds. Skipped only when Redis is unreachable.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from schedkit import process_env

from govwatch.sample.server import ServerThread

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("GOVWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LEASE = 3  # seconds without a heartbeat before a run counts as lost
SLOW = 6  # seconds the slow page takes: the crawl lasts at least that long
# Generous limits for a loaded machine (Celery start-up, PostgreSQL); every wait polls, so a normal
# run is no slower for them.
START_WAIT, CLAIM_WAIT, FINISH_WAIT = 90.0, 60.0, 120.0

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试县人民政府</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xwdt/">新闻动态</a></li></ul></div>
<ul><li><a href="/slow?s={slow}">政务服务（响应很慢）</a></li><li><a href="/gone.html">已删除的页面</a></li>
<li><a href="/status/404">失效附件</a></li></ul>
<div class="footer"><p>主办单位：测试县人民政府办公室</p><p>网站标识码：3601990001</p></div></body></html>"""
COLUMN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>新闻动态</title></head><body><ul>
<li><a href="/xwdt/1.html">县政府召开常务会议</a><span>{day}</span></li></ul></body></html>"""


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL} ({exc}); CI starts one with scripts/services")


class Driver:
    """The fault_driver.py process: JSON commands in, JSON answers out."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("fault_driver.py"))],
                                     cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, op: str, **args: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"driver exited with {self.proc.wait(10)}"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.proc.poll() is None:
            self.ask_quit()
        self.proc.wait(10)

    def ask_quit(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write('{"op": "quit"}\n')
        self.proc.stdin.close()


def _start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    # Its own session: SIGKILL goes to the whole process group (Celery's main process and its pool
    # children), as when the machine running the worker dies.
    return subprocess.Popen([sys.executable, "-m", "govwatch", "worker", "--concurrency", "1",
                             "--loglevel", "warning"], cwd=REPO, env={**env, "GOVWATCH_WORKER_ID": name},
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _wait(what: str, probe: Callable[[], Any], timeout: float, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def test_sigkilled_worker_mid_scan_is_rerun_once_and_completes(tmp_path: Path, fresh_database_url: str) -> None:
    _redis_or_skip()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # the test's own broker database: no stale messages
    root = tmp_path / "site"
    (root / "xwdt").mkdir(parents=True)
    (root / "index.html").write_text(HOME.format(slow=SLOW), encoding="utf-8")
    (root / "xwdt" / "index.html").write_text(COLUMN.format(day=time.strftime("%Y-%m-%d")), encoding="utf-8")
    env = process_env(tmp_path / "data", fresh_database_url, CELERY_BROKER_URL=REDIS_URL,
                      GOVWATCH_SCAN_LEASE=str(LEASE), PYTHONUNBUFFERED="1")
    workers: list[subprocess.Popen[bytes]] = []
    with ServerThread(roots={"127.0.0.1": root}, default_root=None) as server:
        driver = Driver(env)
        try:
            driver.ask("setup", home_url=f"{server.url}/")
            workers.append(_start_worker(env, "worker-1", tmp_path / "worker-1.log"))
            first = driver.ask("dispatch")["sent"]
            assert len(first) == 1, first

            def running_first() -> bool:
                runs = driver.ask("status")["runs"]
                return bool(runs[0]["status"] == "running" and runs[0]["heartbeat"])

            _wait("worker-1 to start the scan", running_first, timeout=START_WAIT)
            # mid-scan: once the slow page is requested it keeps the crawl busy for SLOW seconds
            _wait("worker-1 to request the slow page", lambda: server.sample.hits[f"/slow?s={SLOW}"] >= 1,
                  timeout=START_WAIT, every=0.1)
            os.killpg(workers[0].pid, signal.SIGKILL)
            workers[0].wait(10)
            killed_at = time.monotonic()
            workers.append(_start_worker(env, "worker-2", tmp_path / "worker-2.log"))

            def redispatched() -> list[int]:
                sent: list[int] = driver.ask("dispatch")["sent"]
                return sent

            second = _wait("the lost run to be claimed again", redispatched, timeout=CLAIM_WAIT, every=0.5)
            assert time.monotonic() - killed_at >= LEASE - 1.0  # not before the lease expired (heartbeat ≤ 0.75 s old)
            assert len(second) == 1 and second != first

            def finished() -> dict[str, Any] | None:
                status = driver.ask("status")
                done = [r for r in status["runs"] if r["status"] in ("done", "failed")]
                return status if done else None

            status = _wait("worker-2 to complete the scan", finished, timeout=FINISH_WAIT, every=0.5)
            assert driver.ask("dispatch")["sent"] == []  # nothing left due: the schedule moved on
        finally:
            for proc in workers:
                _stop(proc)
            driver.close()
            redis.Redis.from_url(REDIS_URL).flushdb()

    runs = {r["id"]: r for r in status["runs"]}
    assert len(runs) == 2, runs
    lost, rerun = runs[first[0]], runs[second[0]]
    log2 = (tmp_path / "worker-2.log").read_text(encoding="utf-8", errors="replace")
    assert lost["status"] == "lost" and lost["claimed_by"] == "worker-1", lost
    assert "worker-1" in lost["error"]
    assert rerun["status"] == "done" and rerun["claimed_by"] == "worker-2", (rerun, log2)
    assert rerun["kind"] == lost["kind"] == "full"
    findings = status["findings"]
    fingerprints = [f["fingerprint"] for f in findings]
    assert len(fingerprints) == len(set(fingerprints)) == rerun["findings"]  # no duplicates
    urls = {f["url"] for f in findings if f["code"].startswith("links.dead")}
    assert {f"{server.url}/gone.html", f"{server.url}/status/404"} <= urls  # nothing lost
    assert all(f["first_run"] == f["last_run"] == rerun["id"] and f["status"] == "open" for f in findings)
    assert server.sample.hits[f"/slow?s={SLOW}"] >= 2  # the second worker crawled the site again
