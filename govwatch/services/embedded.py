"""The embedded default (``govwatch serve``): scheduler, scan workers, probes and the web app in one
process, with no Redis (DESIGN.md §4).

Threads: one scheduler loop (every ``tick`` seconds: reap lost runs, claim as many due scans as there are
idle scan workers, deliver due alerts once a minute, compact old probes once a day), ``workers`` scan
threads (``execute_run``), one probe
loop (``services.probes.probe_loop``), one new-media patrol loop (``services.newmedia.patrols``, every
minute), and waitress serving the Django app (with its static files) on
``host:port``. Claims go through the same compare-and-set as the Celery deployment, so a ``govwatch
serve`` and Celery workers sharing one database never run a scan twice. A scan interrupted by stopping
the server is found lost after the lease and run again.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.services import alerts, periodic, probes, scheduler
from govwatch.services.errors import UsageError
from govwatch.services.newmedia import patrols as newmedia_patrols
from govwatch.services.proofreading import newmedia as proofread_posts
from govwatch.services.proofreading.schedule import BackgroundProofreads
from govwatch.services.scan_jobs import RunResult, execute_run

log = logging.getLogger(__name__)
Say = Callable[[str], None]

KIND_NAMES = {"full": "全量扫描", "incremental": "增量扫描", "recheck": "复查"}


@dataclass(frozen=True)
class EmbeddedOptions:
    """``host``/``port`` of the web app; ``workers`` scan threads; ``tick`` seconds between scheduler
    rounds; ``probes`` run the availability probe loop; ``patrols`` the new-media patrol loop (政务新媒体
    巡检, services.newmedia.patrols); ``web_threads`` waitress threads."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    tick: float = 2.0
    probes: bool = True
    patrols: bool = True
    web_threads: int = 4


def result_line(result: RunResult) -> str:
    """One Chinese line for a finished run."""
    name = f"{result.site_name or result.home_url}（{result.home_url}）"
    kind = KIND_NAMES.get(result.kind, result.kind)
    if result.status == "failed":
        return f"扫描失败：{name} {kind}，错误：{result.error}；已按失败次数推迟重试"
    if result.status == "skipped":
        return f"扫描跳过：{name} {kind}（已被其他执行者领取或该网站已有扫描在运行）"
    total = "未计分" if result.total is None else f"{result.total:.1f}"
    line = f"扫描完成：{name} {kind}：结论 {result.verdict}，得分 {total}"
    if result.record is not None:
        r = result.record
        line += f"，问题 {r.findings} 条（新增 {r.new}，重新出现 {r.reopened}，已解决 {r.resolved}）"
    return line


class Embedded:
    """The background part of ``govwatch serve``: start(), then stop(). ``say`` receives Chinese lines."""

    def __init__(self, options: EmbeddedOptions, say: Say) -> None:
        self.options, self.say = options, say
        self.stop_event = threading.Event()
        self._jobs: queue.Queue[int] = queue.Queue()
        self._busy = 0
        self._lock = threading.Lock()
        self._compacted: date | None = None
        self._delivered = 0.0
        self._threads: list[threading.Thread] = []
        self._proofreads = BackgroundProofreads(say)  # yearly whole-site proofreading, hourly check

    def start(self) -> None:
        """Start the scheduler, scan worker and probe threads (daemons)."""
        proofread_posts.install()  # new-media checks run here too: plug the proofreading engine in
        targets: list[tuple[str, Callable[[], None]]] = [("scheduler", self._schedule_loop)]
        targets += [(f"scan-worker-{i + 1}", self._work_loop) for i in range(self.options.workers)]
        if self.options.probes:
            targets.append(("probes", self._probe_loop))
        if self.options.patrols:
            targets.append(("patrols", self._patrol_loop))
        # One thread per periodic job: a slow one (the defacement watch waiting on a dead homepage) must not
        # hold up the others (bulletins are picked up every 3 s).
        targets += [(f"periodic-{job.name}", functools.partial(self._periodic_loop, job)) for job in periodic.JOBS]
        for name, target in targets:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask every thread to stop; waits up to ``timeout`` seconds for each (a scan in progress is left
        to the lease: it runs again after the next start)."""
        self.stop_event.set()
        for thread in self._threads:
            thread.join(timeout)

    def _schedule_loop(self) -> None:
        while not self.stop_event.is_set():
            try:
                self._schedule_round()
            except Exception:
                log.exception("调度失败")
            finally:
                close_old_connections()
            self.stop_event.wait(self.options.tick)

    def _schedule_round(self) -> None:
        with self._lock:
            idle = self.options.workers - self._busy
        if idle > 0:
            for run in scheduler.claim_due(limit=idle):
                with self._lock:
                    self._busy += 1
                self._jobs.put(run.id)
        if time.monotonic() - self._delivered >= 60:  # alerts due (quiet hours over), once a minute
            self._delivered = time.monotonic()
            alerts.deliver_due()
        today = utcnow().astimezone(CHINA_TZ).date()
        if self._compacted != today:
            self._compacted = today
            probes.compact_probes()
        self._proofreads.tick()

    def _work_loop(self) -> None:
        while not self.stop_event.is_set():
            try:
                run_id = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                self.say(result_line(execute_run(run_id)))
            except Exception:
                log.exception("扫描 %s 出错", run_id)
            finally:
                with self._lock:
                    self._busy -= 1
                close_old_connections()

    def _patrol_loop(self) -> None:
        """New-media patrols (政务新媒体巡检): collect the due accounts every PATROL_SECONDS."""
        while not self.stop_event.is_set():
            try:
                done = newmedia_patrols.run_due_patrols(limit=newmedia_patrols.PATROL_BATCH)
                if done.claimed:
                    failed = sum(not o.ok for o in done.outcomes)
                    self.say(f"新媒体巡检：采集 {done.claimed} 个账号，采集失败 {failed} 个")
            except Exception:
                log.exception("新媒体巡检失败")
            finally:
                close_old_connections()
            self.stop_event.wait(newmedia_patrols.PATROL_SECONDS)

    def _periodic_loop(self, job: periodic.PeriodicJob) -> None:
        """Run one services.periodic job every ``job.every`` seconds until stopped."""
        while not self.stop_event.is_set():
            try:
                line = periodic.run_job(job.name, utcnow())
                if line:
                    self.say(line)
            except Exception:
                log.exception("定时任务 %s 失败", job.name)
            finally:
                close_old_connections()
            self.stop_event.wait(job.every)

    def _probe_loop(self) -> None:
        def on_round(result: probes.ProbeRound) -> None:
            close_old_connections()
            if result.failed or result.confirmed:
                self.say(f"可用性探测：探测 {result.probed} 次，新失败 {result.failed}，复核确认失败 {result.confirmed}")

        try:
            probes.probe_loop(on_round, self.stop_event)
        except Exception:
            log.exception("可用性探测停止")


def wsgi_app() -> Callable[..., object]:
    """The Django WSGI app, serving its static files too (no separate web server in the embedded mode)."""
    return StaticFilesHandler(get_wsgi_application())


def serve(options: EmbeddedOptions, say: Say, ready: Callable[[str], None] | None = None) -> None:
    """Run everything until Ctrl-C (KeyboardInterrupt) or SIGTERM: the background threads and waitress on
    ``options.host:options.port``. ``ready`` gets the URL once the port is bound. Raises UsageError
    (Chinese) when the port cannot be bound (already in use …)."""
    from waitress.server import create_server

    try:
        server = create_server(wsgi_app(), host=options.host, port=options.port, threads=options.web_threads,
                               ident="govwatch")
    except OSError as exc:  # port taken (EADDRINUSE), address not on this machine, privileged port …
        raise UsageError(f"无法在 {options.host}:{options.port} 上监听：{exc.strerror or exc}"
                         "（端口可能已被占用，请用 --port 换一个端口，或用 --host 指定本机地址）") from exc
    embedded = Embedded(options, say)
    embedded.start()
    url = f"http://{options.host}:{server.effective_port}/"
    if ready is not None:
        ready(url)
    try:
        server.run()
    finally:
        embedded.stop()
        server.close()
