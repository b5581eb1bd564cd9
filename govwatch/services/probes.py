"""Availability monitoring (站点无法访问, issue #3 §3): probe what is due, confirm failures, judge a site's
rolling 7-day failure ratio, handle maintenance windows (网站临时报备) and downsample old probes.

Rules: ≥ 20 probes per site per day (``Site.probes_per_day`` else ``GOVWATCH_PROBES_PER_DAY``) at jittered
times — consecutive probes (0.5 … 1.5) × 86400 / n seconds apart, one in each of the day's n slots
(:func:`next_probe_time`); a failure is
re-probed 60 s later and counts only if that probe fails too; probes inside an approved maintenance
window are stored ``excused`` and never count (国办秘函〔2019〕19号 单项否决「站点无法访问」).

Every function takes ``now`` (aware datetime; None = the current time) so tests and the benchmark can
run compressed time without sleeping.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, close_old_connections, connection

from govwatch.checks import availability
from govwatch.checks.availability import AvailabilityResult, MaintenanceSpan
from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.crawl.probe import DEFAULT_TIMEOUT, ERROR_LABELS, ProbeOutcome, Prober
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.storage import probe_queries as q
from govwatch.storage.models import MaintenanceWindow, ProbeTarget, Site

logger = logging.getLogger(__name__)
CONFIRM_AFTER = timedelta(seconds=60)  # the confirming probe "a minute later"
KEEP_DAYS = 90  # raw probes kept this long, then folded into ProbeDay
MIN_PER_DAY = 20  # 国办秘函〔2019〕19号: 每天间隔访问 ≥ 20 次
_SLOT_EPOCH = datetime(2000, 1, 1, tzinfo=CHINA_TZ)  # slots start at Beijing midnight
FILING_GRACE = timedelta(minutes=10)  # a window may start this long before it is filed (clock skew, typing)


@dataclass(frozen=True)
class ProbeRound:
    """One round of due probes at ``at``: ``probed`` probes made (``rechecks`` of them confirmation
    re-probes), ``ok`` successes, ``failed`` new failures awaiting confirmation, ``confirmed`` failures
    confirmed by their re-probe, ``refuted`` failures a successful re-probe cleared, ``excused`` probes in
    approved maintenance windows, ``lost`` due targets another process claimed first, ``next_due_at`` the
    earliest probe due after the round, ``failures`` (url, Chinese reason) of the failed probes."""

    at: datetime
    probed: int = 0
    rechecks: int = 0
    ok: int = 0
    failed: int = 0
    confirmed: int = 0
    refuted: int = 0
    excused: int = 0
    lost: int = 0
    next_due_at: datetime | None = None
    failures: tuple[tuple[str, str], ...] = ()


def probes_per_day(override: int | None) -> int:
    """A site's probes per day: its own setting, else the platform's, never fewer than 20."""
    configured = override if override is not None else settings.GOVWATCH.probes_per_day
    return max(MIN_PER_DAY, configured)


def next_probe_time(now: datetime, per_day: int, rng: random.Random | None = None) -> datetime:
    """When the next scheduled probe after one at ``now`` is due, with stratified jitter.

    The day (from Beijing midnight) is cut into ``per_day`` slots of L = 86400 / per_day seconds; the next
    probe falls at a uniformly random point of the middle half of the next slot. Consecutive on-time
    probes are thus (0.5 … 1.5) × L apart — the jitter of ``now + L × uniform(0.5, 1.5)`` — and every slot
    gets one probe, so a site gets ``per_day`` probes every day (the plain formula averages ``per_day``
    but gives a 20-a-day site only 19 on about half the days, below the indicator's ≥ 20).
    """
    slot = 86400 / max(1, per_day)
    index = math.floor((now - _SLOT_EPOCH).total_seconds() / slot)
    return _SLOT_EPOCH + timedelta(seconds=(index + 1 + (rng or random).uniform(0.25, 0.75)) * slot)


def site_ids(site_url: str | None) -> list[int] | None:
    """Ids of the site with homepage ``site_url`` (None = every site); UsageError if none is registered."""
    if site_url is None:
        return None
    ids = q.site_ids_for_url(site_url)
    if not ids:
        raise UsageError(f"未登记首页网址为 {site_url} 的网站，请先用 govwatch sites import 导入")
    return ids


def run_due_probes(now: datetime | None = None, site_url: str | None = None, *,
                   timeout: float = DEFAULT_TIMEOUT, concurrency: int = 50, limit: int = 10_000,
                   resolve: Mapping[tuple[str, int], str] | None = None,
                   rng: random.Random | None = None, on_claimed: Callable[[], None] | None = None) -> ProbeRound:
    """Probe every target due at ``now`` (of one site when ``site_url`` is given) and store the results.

    Targets are synced first (home, key columns); each due target is claimed by compare-and-set, probed
    concurrently (``concurrency`` at a time, ``timeout`` seconds each), then stored in one transaction.
    With an explicit ``now`` every probe is stamped ``now`` (compressed time); otherwise with its real
    start time. ``resolve`` maps (host, port) to an address (default: GOVWATCH_RESOLVE). ``on_claimed`` is
    called once the claims are made, before probing. Raises UsageError for an
    unknown ``site_url``; network trouble is data, never an error.
    """
    explicit, now = now is not None, now or utcnow()
    ids = site_ids(site_url)
    q.sync_targets(now, ids)
    claimed, lost = _claim_due(now, ids, limit, rng)
    if on_claimed is not None:
        on_claimed()
    if resolve is None:  # GOVWATCH_RESOLVE unless the caller maps hosts itself
        resolve = settings.GOVWATCH.resolve_map
    outcomes = _probe([t.url for t in claimed], timeout, concurrency, resolve) if claimed else []
    spans = q.approved_spans({t.site_id for t in claimed}, now - timedelta(days=1), now + timedelta(days=1))
    stamped = [(t, o, now if explicit else o.at) for t, o in zip(claimed, outcomes, strict=True)]
    return dataclasses.replace(_store(stamped, now, spans), lost=lost, next_due_at=q.next_due_at(ids))


def _claim_due(now: datetime, ids: Sequence[int] | None, limit: int,
               rng: random.Random | None) -> tuple[list[q.DueTarget], int]:
    claimed, lost = [], 0
    for target in q.due_targets(now, limit, ids):
        next_at = next_probe_time(now, probes_per_day(target.probes_per_day), rng)
        if q.claim(target, now, next_at):
            claimed.append(target)
        else:
            lost += 1
    return claimed, lost


def _probe(urls: list[str], timeout: float, concurrency: int,
           resolve: Mapping[tuple[str, int], str] | None) -> list[ProbeOutcome]:
    box: list[list[ProbeOutcome]] = []

    async def main() -> None:
        async with Prober(timeout=timeout, concurrency=concurrency, resolve=resolve) as prober:
            box.append(await prober.probe_all(urls))

    asyncio.run(main())
    return box[0]


def _store(stamped: list[tuple[q.DueTarget, ProbeOutcome, datetime]], now: datetime,
           spans: dict[int, list[MaintenanceSpan]]) -> ProbeRound:
    probes: list[q.NewProbe] = []
    confirm_due: dict[int, datetime] = {}
    decisions: list[tuple[int, str, bool, str]] = []
    c = dict.fromkeys(("probed", "rechecks", "ok", "failed", "confirmed", "refuted", "excused"), 0)
    failures: list[tuple[str, str]] = []
    for target, outcome, at in stamped:
        recheck = target.recheck_due(now)
        excused = not recheck and any(s.starts_at <= at < s.ends_at for s in spans.get(target.site_id, ()))
        probes.append(q.NewProbe(target.site_id, target.url, target.kind, at, outcome.ok, round(outcome.seconds, 3),
                                 outcome.status, outcome.error, excused=excused, recheck=recheck))
        c["probed"] += 1
        c["rechecks"] += recheck
        c["ok"] += outcome.ok
        c["excused"] += excused
        if not outcome.ok:
            failures.append((target.url, _reason(outcome)))
        if recheck:
            decisions.append((target.site_id, target.url, not outcome.ok, _decision_note(outcome, at)))
            c["confirmed" if not outcome.ok else "refuted"] += 1
        elif not outcome.ok and not excused:
            confirm_due[target.id] = at + CONFIRM_AFTER
            c["failed"] += 1
    q.store_round(probes, confirm_due, decisions)
    return ProbeRound(at=now, probed=c["probed"], rechecks=c["rechecks"], ok=c["ok"], failed=c["failed"],
                      confirmed=c["confirmed"], refuted=c["refuted"], excused=c["excused"],
                      failures=tuple(failures))


def _reason(outcome: ProbeOutcome) -> str:
    label = ERROR_LABELS.get(outcome.error, outcome.error)
    return f"{label}（HTTP {outcome.status}）" if outcome.status is not None and outcome.error == "http" else label


def _decision_note(outcome: ProbeOutcome, at: datetime) -> str:
    when = at.astimezone(CHINA_TZ).strftime("%H:%M:%S")
    if outcome.ok:
        return f"复核探测（{when}）访问正常，本次失败未计入"
    return f"复核探测（{when}）仍失败：{_reason(outcome)}"


def site_availability(site: Site, now: datetime | None = None,
                      rulebook: Rulebook | None = None) -> AvailabilityResult:
    """The site's rolling-window availability at ``now`` (default the current time) under the rulebook's
    ``probe`` params (national: 7 days, ≥ 20 a day, veto ≥ 5 %, warning ≥ 3 %): homepage tally and
    verdict, per-URL tallies, findings (``availability.veto`` / ``.warning`` / ``.insufficient`` /
    ``.target``), evidence and report notes. Reads only; storing findings is the caller's business."""
    now = now or utcnow()
    params = availability.Params(**(rulebook or default_rulebook()).params_for(availability.ID))
    since = now - timedelta(days=params.days)
    records = q.probe_records(site.id, since, now)
    spans = q.approved_spans([site.id], since, now).get(site.id, [])
    return availability.judge_availability(records, site.home_url, now, params, spans)


def declare_system(site: Site, name: str, url: str, now: datetime | None = None) -> ProbeTarget:
    """Add a business system (办事系统, 互动平台 …) of ``site`` to the probes (kind system), due at once;
    an existing target with that URL is returned unchanged."""
    target, _ = ProbeTarget.objects.get_or_create(site=site, url=url, defaults={
        "kind": ProbeTarget.Kind.SYSTEM, "name": name, "next_probe_at": now or utcnow()})
    return target


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)


def file_maintenance(site: Site, starts_at: datetime, ends_at: datetime, reason: str,
                     user: AbstractBaseUser | None, now: datetime | None = None) -> MaintenanceWindow:
    """A unit files 网站临时报备 for ``site``: downtime from ``starts_at`` to ``ends_at`` (naive times are
    Beijing time) for ``reason``; pending until an operator decides. Raises UsageError (Chinese) when the
    window is empty, has no reason, or starts more than 10 minutes before it is filed (报备须事先提交)."""
    now = now or utcnow()
    starts_at, ends_at, reason = _aware(starts_at), _aware(ends_at), reason.strip()
    if ends_at <= starts_at:
        raise UsageError("报备的结束时间应晚于开始时间")
    if not reason:
        raise UsageError("请填写报备原因")
    if starts_at < now - FILING_GRACE:
        raise UsageError("网站临时报备须在维护开始前提交，不能补报已开始的时段")
    return q.create_window(site.id, starts_at, ends_at, reason, _user_id(user), now)


def decide_maintenance(window: MaintenanceWindow, approve: bool, user: AbstractBaseUser | None,
                       now: datetime | None = None) -> MaintenanceWindow:
    """An operator approves (``approve=True``) or rejects a pending window. Approval also excuses the
    probes already stored inside it. Raises UsageError when the window was already decided."""
    if not q.decide_window(window.id, approve, _user_id(user), now or utcnow()):
        raise UsageError("该报备已审核，不能重复审核")
    window.refresh_from_db()
    return window


def _user_id(user: AbstractBaseUser | None) -> int | None:
    return int(user.pk) if user is not None and user.pk is not None else None


def compact_probes(now: datetime | None = None, keep_days: int = KEEP_DAYS) -> q.Compaction:
    """Fold probes from before Beijing midnight ``keep_days`` days ago into ProbeDay rows (site, URL, day)
    and delete them; run daily by ``govwatch probe --compact`` or the scheduler."""
    local = (now or utcnow()).astimezone(CHINA_TZ)
    cutoff = (local - timedelta(days=keep_days)).replace(hour=0, minute=0, second=0, microsecond=0)
    return q.compact_before(cutoff)


def next_due_at(site_url: str | None = None) -> datetime | None:
    """When the earliest probe or confirmation is due (None when nothing is scheduled)."""
    return q.next_due_at(site_ids(site_url))


def probe_loop(on_round: Callable[[ProbeRound], None], stop: threading.Event, site_url: str | None = None, *,
               timeout: float = DEFAULT_TIMEOUT, concurrency: int = 50, max_sleep: float = 60.0,
               resolve: Mapping[tuple[str, int], str] | None = None, rounds: int = 4) -> None:
    """Probe unattended until ``stop`` is set: start a round of :func:`run_due_probes` whenever something is
    due, calling ``on_round`` (in this thread) as each round ends.

    Up to ``rounds`` rounds run at once in worker threads, so targets falling due while a round waits
    on a slow site (up to ``timeout`` seconds) are not held up by it; a new round starts only once the
    previous one has claimed its targets (claims are compare-and-set anyway). Idle, the loop sleeps until
    the next due time, and runs a round at least every ``max_sleep`` seconds so that newly registered
    sites get their targets. A round that fails on a
    database error (lock timeout, restarted server) is logged and the work is retried: unattended probing
    must not end on one bad round. Raises UsageError for an unknown ``site_url``. On stop, running rounds
    finish and are reported before it returns.
    """
    ids = site_ids(site_url)
    running: dict[Future[ProbeRound], threading.Event] = {}
    last_start = -math.inf
    with ThreadPoolExecutor(max_workers=max(1, rounds), thread_name_prefix="govwatch-probe") as pool:
        try:
            while not stop.is_set():
                _reap(running, on_round)
                wait = _seconds_to_due(ids, max_sleep)
                # A round also runs every max_sleep seconds, syncing targets of newly registered sites.
                wait = min(wait, last_start + max_sleep - time.monotonic())
                claiming = any(not claimed.is_set() for claimed in running.values())
                if wait <= 0 and not claiming and len(running) < rounds:
                    claimed, last_start = threading.Event(), time.monotonic()
                    running[pool.submit(_round, claimed, site_url, timeout, concurrency, resolve)] = claimed
                    continue
                stop.wait(min(max(wait, 0.05), 0.25) if running else max(wait, 0.05))
        finally:
            wait_futures(running)
            _reap(running, on_round)


def _round(claimed: threading.Event, site_url: str | None, timeout: float, concurrency: int,
           resolve: Mapping[tuple[str, int], str] | None) -> ProbeRound:
    try:
        return run_due_probes(site_url=site_url, timeout=timeout, concurrency=concurrency, resolve=resolve,
                              on_claimed=claimed.set)
    finally:
        claimed.set()
        connection.close()  # worker threads are reused: never keep a connection across rounds


def _reap(running: dict[Future[ProbeRound], threading.Event], on_round: Callable[[ProbeRound], None]) -> None:
    for future in [f for f in running if f.done()]:
        del running[future]
        try:
            result = future.result()
        except DatabaseError:
            logger.exception("可用性探测轮次因数据库错误中断，稍后重试")
            continue
        on_round(result)


def _seconds_to_due(ids: Sequence[int] | None, max_sleep: float) -> float:
    """Seconds until the next probe is due (≤ 0: due now), at most ``max_sleep``; 1 s after a DB error."""
    try:
        due = q.next_due_at(ids)
    except DatabaseError:
        logger.exception("读取下次探测时间失败，稍后重试")
        close_old_connections()
        return min(max_sleep, 1.0)
    return max_sleep if due is None else min(max_sleep, (due - utcnow()).total_seconds())
