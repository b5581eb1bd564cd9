"""The long-running commands: ``govwatch run-due`` (in-process, Chinese lines), ``govwatch serve`` (the
embedded default in a real process: scheduler + worker threads + the web app, no Redis), ``govwatch beat``
over a real Redis, and the worker/beat refusal without a broker."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from schedkit import process_env

from govwatch.cli.main import main
from govwatch.core.clock import utcnow
from govwatch.sample.server import ServerThread
from govwatch.storage.models import Finding, ScanRun, ScanSchedule, Site

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("GOVWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
MakeSite = Callable[..., Site]


@pytest.mark.django_db(transaction=True)
def test_run_due_runs_what_is_due_and_says_so_in_chinese(
        server: ServerThread, make_site: MakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(f"{server.url}/")
    ScanSchedule.objects.update(next_run_at=utcnow() - timedelta(minutes=1))
    assert main(["run-due"]) == 0
    out = capsys.readouterr().out
    assert f"扫描完成：测试县人民政府（{server.url}/） 全量扫描：结论 " in out
    assert "本次共运行 1 个到期扫描：完成 1 个，失败 0 个" in out
    run = ScanRun.objects.get(site=site)
    assert run.status == "done" and Finding.objects.filter(site=site, code="links.dead_home").exists()
    assert main(["run-due"]) == 0  # the full scan covered the incremental one: nothing is due
    assert "当前没有到期的扫描。" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_need_a_broker(command: str, settings: object,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, broker_url="")  # type: ignore[attr-defined]
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert "未设置 CELERY_BROKER_URL" in err and "govwatch serve" in err


def test_bad_usage_of_the_long_running_commands_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run-due", "--limit", "0"]) == 2
    assert main(["serve", "--workers", "0"]) == 2
    assert main(["worker", "--queues", "crawl,mail"]) == 2
    err = capsys.readouterr().err
    assert "--limit 应为正整数" in err and "--workers 应为正整数" in err and "--queues 只能包含" in err


def _register(env: dict[str, str], home_url: str) -> None:
    driver = subprocess.run([sys.executable, str(Path(__file__).with_name("fault_driver.py"))], cwd=REPO, env=env,
                            input=json.dumps({"op": "setup", "home_url": home_url}) + "\n", text=True,
                            capture_output=True, timeout=120)
    assert driver.returncode == 0, driver.stderr


def _read_until(proc: subprocess.Popen[str], words: str, lines: list[str], timeout: float) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if words in line:
            return line
    raise AssertionError(f"no line with {words!r} within {timeout} s: {''.join(lines)}")


def test_serve_runs_scheduler_worker_and_web_app_in_one_process(tmp_path: Path, server: ServerThread) -> None:
    env = process_env(tmp_path / "data", "", PYTHONUNBUFFERED="1")
    env.pop("CELERY_BROKER_URL", None)  # the embedded default needs no Redis
    _register(env, f"{server.url}/")
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "serve", "--port", "0", "--tick", "0.5"], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    try:
        ready = _read_until(proc, "govwatch 已启动", lines, timeout=60)
        url = ready.split("监管平台 ", 1)[1].split(" ", 1)[0]
        done = _read_until(proc, "扫描完成", lines, timeout=60)
        assert f"测试县人民政府（{server.url}/） 全量扫描" in done
        with urllib.request.urlopen(f"{url}admin/login/", timeout=10) as page:
            assert page.status == 200 and "政府网站与政务新媒体监管平台" in page.read().decode("utf-8")
        with urllib.request.urlopen(f"{url}static/admin/css/base.css", timeout=10) as css:
            assert css.status == 200
        assert server.sample.hits["/gone.html"] >= 1  # the scan really crawled the site
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    assert "govwatch 已停止" in rest


def test_beat_sends_dispatch_and_probe_tasks_to_the_report_queue(tmp_path: Path) -> None:
    import redis

    try:
        broker = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        broker.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL} ({exc}); CI starts one with scripts/services")
    broker.flushdb()
    env = process_env(tmp_path / "data", "", CELERY_BROKER_URL=REDIS_URL, GOVWATCH_DISPATCH_SECONDS="1")
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "beat", "--loglevel", "warning"], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    tasks: set[str] = set()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not {"govwatch.dispatch_due", "govwatch.probe_due"} <= tasks:
            for raw in broker.lrange("report", 0, -1):
                tasks.add(json.loads(raw)["headers"]["task"])
            time.sleep(0.3)
        assert broker.llen("crawl") == 0  # beat never crawls: scans are sent by dispatch_due
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        broker.flushdb()
    assert {"govwatch.dispatch_due", "govwatch.probe_due"} <= tasks, out


def test_scans_and_short_tasks_go_to_their_own_queues() -> None:
    from govwatch.tasks.app import app

    routes = {}
    for task in ("govwatch.run_scan", "govwatch.dispatch_due", "govwatch.probe_due", "govwatch.compact"):
        queue = app.amqp.router.route({}, task)["queue"]
        routes[task] = (queue.name, queue.exchange.name, queue.routing_key)
    assert routes == {"govwatch.run_scan": ("crawl", "crawl", "crawl"),
                      "govwatch.dispatch_due": ("report", "report", "report"),
                      "govwatch.probe_due": ("report", "report", "report"),
                      "govwatch.compact": ("report", "report", "report")}
    assert {q.routing_key for q in app.conf.task_queues} == {"crawl", "report"}  # no queue hears the other's key
