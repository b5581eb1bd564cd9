"""Use case ``execute_run``: run one claimed scan of a registered site, with heartbeats, and store it.

A claimed run (``govwatch.storage.claims``) is started with compare-and-set (queued → running), scanned
with ``scan_site`` while a heartbeat thread refreshes ``heartbeat_at``, then recorded
(``services.persist.record_scan``); its schedule is due again after its interval. An exception in our
code fails the run and pushes the schedule back (``backoff_seconds``); a dead site is no exception, it
is a finding.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

from govwatch.core.clock import utcnow
from govwatch.core.config import Config
from govwatch.core.models import ColumnSpec, ColumnType, SiteSpec
from govwatch.proofread.kb import KnowledgeBase, KnowledgeBaseError
from govwatch.services import alerts
from govwatch.services.persist import RecordResult, china_day, record_scan
from govwatch.services.proofreading.kb import current_kb
from govwatch.services.registry_io import DEFAULT_FULL_SCAN_DAYS, DEFAULT_INCREMENTAL_HOURS
from govwatch.services.scan import CrawlOptions, ScanOutcome, ScanRequest, scan_site_async
from govwatch.storage import claims, run_queries
from govwatch.storage.models import Column, ScanRun, Site

log = logging.getLogger(__name__)

BACKOFF_BASE = 300.0
BACKOFF_CAP = 86400.0


def config() -> Config:
    """The platform configuration parsed at start-up (``settings.GOVWATCH``)."""
    cfg: Config = settings.GOVWATCH
    return cfg


def backoff_seconds(failures: int) -> float:
    """Delay before retrying a schedule after ``failures`` consecutive failures (≥ 1): 5 min × 2^(n−1),
    capped at one day (5, 10, 20 … min; 1 day from the 10th failure)."""
    return min(BACKOFF_BASE * 2 ** max(failures - 1, 0), BACKOFF_CAP)


def lost_retry_seconds(failures: int) -> float:
    """Delay after a run lost with its worker: none the first time (a dead worker is rarely the site's
    fault), then :func:`backoff_seconds` of the losses before it, so a site that kills workers is pushed
    back instead of looping."""
    return 0.0 if failures <= 1 else backoff_seconds(failures - 1)


def interval_seconds(site: Site, kind: str) -> int:
    """Seconds between two scans of ``kind`` ('full' | 'incremental' | 'recheck' → full) of ``site``: the
    site's override (``full_scan_days``, ``incremental_hours``) or the platform default (7 days, 24 h)."""
    if kind == "incremental":
        return (site.incremental_hours or DEFAULT_INCREMENTAL_HOURS) * 3600
    return (site.full_scan_days or DEFAULT_FULL_SCAN_DAYS) * 86400


def _domain(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _column_type(value: str) -> ColumnType:
    try:
        return ColumnType(value)
    except ValueError:
        return ColumnType.OTHER


def site_spec(site: Site, columns: list[Column] | None = None, incremental: bool = False) -> SiteSpec:
    """The SiteSpec to scan ``site`` with: registry fields, the parent portal's domain, and its columns —
    declared ones always, discovered ones too for an incremental scan (its seeded column pages).
    ``columns`` defaults to the site's Column rows."""
    rows = run_queries.site_columns(site.id) if columns is None else columns
    wanted = [c for c in rows if incremental or c.source == Column.Source.DECLARED]
    return SiteSpec(
        home_url=site.home_url, name=site.name, unit=site.unit.name if site.unit_id else "",
        site_id_code=site.site_id_code or None, kind=site.kind, level=site.level,
        parent_domain=_domain(site.parent.home_url) if site.parent_id and site.parent else None,
        extra_hosts=tuple(site.extra_hosts or ()), ignore_robots=site.ignore_robots,
        columns=tuple(ColumnSpec(c.name, c.url, _column_type(c.type), c.update_window_days) for c in wanted),
    )


def scan_request(run: ScanRun, now: datetime | None = None) -> ScanRequest:
    """The ScanRequest of ``run``: incremental runs parse the homepage and pages one click away (its
    columns seeded), complete runs crawl with the default options and write report files under
    ``DATA_DIR/reports/site-<id>/run-<id>``. An explicit ``now`` is also the scan's monitoring day."""
    incremental = run.kind == ScanRun.Kind.INCREMENTAL
    resolve = config().resolve_map  # GOVWATCH_RESOLVE: scheduled scans reach hosts as the operators map them
    options = CrawlOptions(max_depth=1, resolve=resolve) if incremental else CrawlOptions(resolve=resolve)
    out = None if incremental else config().data_dir / "reports" / f"site-{run.site_id}" / f"run-{run.id}"
    return ScanRequest(site=site_spec(run.site, incremental=incremental), crawl=options,
                       today=china_day(now) if now is not None else None, out_dir=out, kb=_kb())


def _kb() -> KnowledgeBase | None:
    """The operators' proofreading knowledge base (admin), or None (bundled) if a stored version no
    longer validates — a scan must not fail over it."""
    try:
        return current_kb()
    except KnowledgeBaseError:
        log.exception("校对知识库无效，本次扫描使用内置知识库")
        return None


def _scan(request: ScanRequest) -> ScanOutcome:
    # The main coroutine must not return the outcome: on Python 3.11 asyncio.run in the main thread
    # builds repr(task) for its SIGINT bookkeeping, i.e. repr of the whole crawl (govwatch.crawl notes).
    box: list[ScanOutcome] = []

    async def main() -> None:
        box.append(await scan_site_async(request))

    asyncio.run(main())
    return box[0]


class Heartbeat:
    """Context manager: a daemon thread refreshing the run's ``heartbeat_at`` every ``every`` seconds
    while the scan runs (in every phase, crawl or report), with its own database connection."""

    def __init__(self, run_id: int, worker_id: str, every: float) -> None:
        self.run_id, self.worker_id, self.every = run_id, worker_id, every
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    if not claims.heartbeat(self.run_id, self.worker_id, utcnow()):
                        self.lost = True
                except Exception:  # a locked or restarting database: try again next beat
                    log.warning("扫描 %s 心跳写入失败", self.run_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


@dataclass(frozen=True)
class RunResult:
    """How one run ended: ``status`` 'done' | 'failed' | 'skipped' (not started: already taken, lost,
    or its site busy); ``record`` what the findings did (done only); ``error`` the failure text."""

    run_id: int
    site_name: str
    home_url: str
    kind: str
    status: str
    verdict: str = ""
    total: float | None = None
    record: RecordResult | None = None
    error: str = ""
    report_dir: Path | None = None


def execute_run(run_id: int, worker_id: str | None = None, now: datetime | None = None,
                lease: float | None = None) -> RunResult:
    """Start (compare-and-set), scan, record and reschedule one claimed run (see module docstring).

    ``now`` (aware UTC) pins every timestamp for tests; by default the clock is read at each step.
    ``lease`` seconds (default GOVWATCH_SCAN_LEASE) is how stale a heartbeat may get; heartbeats are sent
    every lease/4 seconds (at most every 5 s). Never raises for a failing scan: that is a 'failed' result.
    """
    cfg = config()
    worker_id, lease = worker_id or cfg.worker_id, lease or cfg.scan_lease_seconds
    run = run_queries.load_run(run_id)
    if run is None or not claims.start_run(run_id, worker_id, now or utcnow(), lease):
        return RunResult(run_id, run.site.name if run else "", run.site.home_url if run else "",
                         run.kind if run else "", "skipped")
    site = run.site
    try:
        request = scan_request(run, now)
        with Heartbeat(run_id, worker_id, every=min(5.0, lease / 4)) as beat:
            outcome = _scan(request)
        if beat.lost:  # our heartbeats went stale and the run was taken over: recording stays idempotent
            log.warning("扫描 %s 的心跳曾超时，已被标记为中断；本次结果仍按指纹合并记录", run_id)
        finished = now or utcnow()
        record = record_scan(run, outcome, finished)
        alerts.alerts_for(run_queries.open_findings_of_run(run.id), finished)  # idempotent per event
        claims.finish_success(run, finished, interval_seconds(site, run.kind),
                              None if run.kind == ScanRun.Kind.INCREMENTAL else
                              interval_seconds(site, "incremental"))
    except Exception as exc:
        log.exception("扫描 %s（%s）失败", run_id, site.home_url)
        error = f"{exc!r}\n{traceback.format_exc(limit=8)}"
        claims.finish_failure(run, now or utcnow(), error, backoff_seconds)
        return RunResult(run_id, site.name, site.home_url, run.kind, "failed", error=repr(exc))
    return RunResult(run_id, site.name, site.home_url, run.kind, "done", outcome.score.verdict, outcome.score.total,
                     record, report_dir=request.out_dir)
