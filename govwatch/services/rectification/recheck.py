"""复查: re-scan exactly the pages a notice is about, and judge each item fixed, unfixed or unreadable.

What is fetched (one targeted crawl per site, ``CrawlOptions(max_depth=0)``: pages are parsed only when
they are the homepage or a seed, every link on them is checked once):
- the homepage (always: homepage checks and ``links.dead_home``);
- for column findings (``column.*``) the column's list page, declared to the checks as that column (name
  and type from the site's Column row or the finding's evidence);
- for link findings (``links.*``) the pages that referred to the dead link (the evidence's referrers) —
  seeded for the crawl only, not declared as columns, so the checks judge them as ordinary pages;
- for any other finding its URL, seeded the same way.
Then facts and every check run as in a scan (no browser pass, no transport probe). An item whose pages
were all read (2xx) is UNFIXED when its finding's fingerprint is produced again, else FIXED (the Finding
is resolved too); when a page could not be read the item is neither fixed nor closed (outcome
'unreadable', with the reason). Findings of browser-only or transport checks cannot be judged this way
and stay as they are (unreadable, "需全量扫描复查").

Afterwards the notice is closed when every item is fixed; when some are unfixed and the deadline (China
date) has passed it escalates (已升级) and the bureau admins are told. Each recheck is a ScanRun of kind
recheck with ``complete=False`` (so persist never resolves other findings from a partial crawl), its
stats naming the notice and URLs. ``due_rechecks`` is the periodic job: notices past their deadline are
claimed once (compare-and-set on ``auto_recheck_at``) and rechecked by the system.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from govwatch.checks.base import ScanContext
from govwatch.checks.runner import run_checks
from govwatch.core.clock import utcnow
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.errors import UsageError
from govwatch.core.fingerprint import fingerprint as finding_fingerprint
from govwatch.core.models import FETCH_ERROR_LABELS, ColumnSpec, SiteSpec
from govwatch.core.models import Finding as CoreFinding
from govwatch.crawl import CrawlOptions, crawl_site
from govwatch.extract import build_facts
from govwatch.rules.rulebook import default_rulebook
from govwatch.services.access import ADMIN, OPERATOR, Actor
from govwatch.services.browser_pass import BROWSER_CHECKS
from govwatch.services.persist import china_day
from govwatch.services.rectification import messages
from govwatch.services.rectification import states as st
from govwatch.services.rectification.history import SYSTEM, record, set_status
from govwatch.services.rectification.notices import get
from govwatch.services.scan import TRANSPORT_CHECKS
from govwatch.services.scan_jobs import _column_type, config, site_spec
from govwatch.storage.models import Column, Finding, ScanRun, Site
from govwatch.storage.rectify.models import Rectification, RectificationItem

UNJUDGEABLE = tuple(sorted(BROWSER_CHECKS | TRANSPORT_CHECKS))


@dataclass(frozen=True)
class RecheckResult:
    """What one 复查 did: items ``fixed``, ``unfixed``, ``unreadable``; the notice's new ``status``."""

    number: str
    fixed: int
    unfixed: int
    unreadable: int
    status: str

    @property
    def line(self) -> str:
        """One Chinese sentence."""
        return (f"{self.number} 复查完成：已整改 {self.fixed} 项，未整改 {self.unfixed} 项，"
                f"无法判定 {self.unreadable} 项；通知状态：{st.NOTICE_LABELS[self.status]}")


def _pages_of(finding: Finding) -> list[str]:
    """The pages whose re-reading decides ``finding`` ([] = the homepage is enough)."""
    if finding.code.startswith("links."):
        refs = finding.evidence.get("referrers") or []
        pages = [str(r.get("page")) for r in refs if isinstance(r, dict) and r.get("page")]
        return [] if finding.code == "links.dead_home" else pages
    return [finding.url] if finding.url else []


def _column_spec(finding: Finding, columns: dict[str, Column]) -> ColumnSpec | None:
    if not finding.code.startswith("column.") or not finding.url:
        return None
    row = columns.get(finding.url)
    if row is not None:
        return ColumnSpec(row.name, row.url, _column_type(row.type), row.update_window_days)
    ev = finding.evidence
    return ColumnSpec(str(ev.get("column") or finding.url), finding.url, _column_type(str(ev.get("type") or "")))


def _specs(site: Site, findings: Iterable[Finding]) -> tuple[SiteSpec, SiteSpec]:
    """(spec to crawl with: every page seeded, spec to judge with: only real columns declared)."""
    columns = {c.url: c for c in Column.objects.filter(site=site)}
    base = site_spec(site, columns=[])
    declared: dict[str, ColumnSpec] = {}
    seeds: dict[str, ColumnSpec] = {}
    for f in findings:
        spec = _column_spec(f, columns)
        if spec is not None:
            declared[spec.url] = spec
        for page in _pages_of(f):
            seeds.setdefault(page, ColumnSpec(f"复查页面{len(seeds) + 1}", page, _column_type("other")))
    judge = replace(base, columns=tuple(declared.values()))
    crawl = replace(base, columns=tuple({**seeds, **declared}.values()))
    return crawl, judge


async def _targeted_scan(crawl_spec: SiteSpec, judge_spec: SiteSpec, now: datetime) -> tuple[CrawlResult, list[CoreFinding]]:
    options = CrawlOptions(max_depth=0, max_pages=len(crawl_spec.columns) + 1,
                           resolve=config().resolve_map)  # GOVWATCH_RESOLVE, as scheduled scans
    crawl = await crawl_site(crawl_spec, options)
    crawl = replace(crawl, site=judge_spec)
    today = china_day(now)
    facts = build_facts(crawl, judge_spec, today)
    return crawl, run_checks(ScanContext(judge_spec, crawl, facts, today), default_rulebook())


def _scan(crawl_spec: SiteSpec, judge_spec: SiteSpec, now: datetime) -> tuple[CrawlResult, list[CoreFinding]]:
    box: list[tuple[CrawlResult, list[CoreFinding]]] = []

    async def main() -> None:  # returns nothing: see scan_jobs._scan (repr of a whole crawl)
        box.append(await _targeted_scan(crawl_spec, judge_spec, now))

    asyncio.run(main())
    return box[0]


def _unread(crawl: CrawlResult, urls: list[str]) -> str:
    """'' when every page of ``urls`` (or the homepage) was read with a 2xx answer, else why not."""
    for url in urls or [crawl.site.home_url]:
        page = crawl.page(url) if urls else crawl.home
        if page is None:
            return f"页面 {url} 本次未能抓取"
        if not page.fetch.ok:
            error = page.fetch.error
            status = (f"HTTP {page.fetch.status}" if page.fetch.status
                      else FETCH_ERROR_LABELS.get(error.value, error.value) if error is not None else "无响应")
            return f"页面 {url} 无法读取（{status}）"
    return ""


def _judge(item: RectificationItem, crawl: CrawlResult, seen: set[str]) -> tuple[str, str]:
    """(outcome, note) of one item after the targeted scan."""
    f = item.finding
    if f.code.startswith(UNJUDGEABLE):
        return st.UNREADABLE, "此类问题需通过全量扫描（含浏览器检测或安全检测）复查"
    if f.fingerprint in seen:
        return st.UNFIXED, "复查时问题仍存在"
    reason = _unread(crawl, _pages_of(f))
    if reason:
        return st.UNREADABLE, f"{reason}，未能判定，问题保持原状态"
    return st.FIXED, "复查时问题已消除"


def _apply(actor: Actor, rect: Rectification, item: RectificationItem, outcome: str, note: str,
           run: ScanRun, now: datetime) -> None:
    before = item.status
    item.recheck_outcome, item.recheck_note, item.recheck_run, item.rechecked_at = outcome, note[:500], run, now
    if outcome == st.FIXED:
        item.status, item.closed_at = st.ITEM_FIXED, now
        Finding.objects.filter(pk=item.finding_id, status=Finding.Status.OPEN).update(
            status=Finding.Status.RESOLVED, resolved_at=now)
    elif outcome == st.UNFIXED:
        item.status = st.ITEM_UNFIXED
        Finding.objects.filter(pk=item.finding_id).update(last_seen=now, last_run=run)
    item.save()
    record(actor, rect, "recheck", f"复查：{item.finding.message[:80]} —— {note}", now,
           item=item, before=before, after=item.status)


def _run_for(site: Site, rect: Rectification, urls: list[str], now: datetime) -> ScanRun:
    return ScanRun.objects.create(site=site, kind=ScanRun.Kind.RECHECK, status=ScanRun.Status.RUNNING,
                                  started_at=now, complete=False,
                                  stats={"rectification": rect.number, "targeted": True, "urls": urls})


def _recheck_site(actor: Actor, rect: Rectification, site: Site, items: list[RectificationItem], now: datetime) -> list[str]:
    crawl_spec, judge_spec = _specs(site, (i.finding for i in items))
    run = _run_for(site, rect, [site.home_url, *(c.url for c in crawl_spec.columns)], now)
    try:
        crawl, found = _scan(crawl_spec, judge_spec, now)
    except Exception as exc:  # our bug: the items stay as they are, the run says why
        ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.FAILED, finished_at=utcnow(), error=repr(exc))
        for item in items:
            _apply(actor, rect, item, st.UNREADABLE, f"复查扫描出错：{type(exc).__name__}", run, now)
        return [st.UNREADABLE] * len(items)
    seen = {finding_fingerprint(site.home_url, f.code, f.url, f.evidence) for f in found}
    outcomes = []
    for item in items:
        outcome, note = _judge(item, crawl, seen)
        _apply(actor, rect, item, outcome, note, run, now)
        outcomes.append(outcome)
    ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.DONE, finished_at=utcnow(),
                                             stats={**run.stats, "pages": len(crawl.pages), "findings": len(found)})
    return outcomes


def _claim(rect: Rectification) -> str:
    """Compare-and-set the notice into 复查中; returns the status it had, or raises UsageError."""
    before = rect.status
    if before not in st.RECHECKABLE or not Rectification.objects.filter(pk=rect.pk, status=before).update(
            status=st.RECHECKING):
        raise UsageError(f"{rect.number} 正在复查或已办结，不能再次复查")
    return before


def _finish(actor: Actor, rect: Rectification, before: str, outcomes: list[str], now: datetime) -> str:
    rect.status = st.RECHECKING
    fixed = all(i.status == st.ITEM_FIXED for i in rect.items.all())
    unfixed = rect.items.filter(status=st.ITEM_UNFIXED).count()
    if fixed:
        set_status(actor, rect, st.CLOSED, "复查确认全部问题已整改，整改通知办结", now)
    elif unfixed and china_day(now) > rect.deadline:
        set_status(actor, rect, st.ESCALATED, f"已过整改期限，仍有 {unfixed} 个问题未整改，"
                   + ("继续督办" if before == st.ESCALATED else "升级督办"), now)
        if before != st.ESCALATED:  # the admins were told when it first escalated
            messages.notify_escalated(rect, unfixed)
    else:
        set_status(actor, rect, before, f"复查结束：{outcomes.count(st.FIXED)} 项已整改，{unfixed} 项未整改，"
                   f"{outcomes.count(st.UNREADABLE)} 项无法判定", now)
    return rect.status


def recheck(actor: Actor, rect_id: int, now: datetime | None = None) -> RecheckResult:
    """复查 one notice now (staff, or the system actor for the deadline job): see module docstring.
    Raises AccessDenied, NotFound, UsageError (already rechecking or closed)."""
    if actor is not SYSTEM:
        actor.require(ADMIN, OPERATOR)
    rect = get(actor, rect_id) if actor is not SYSTEM else Rectification.objects.get(pk=rect_id)
    moment = now or utcnow()
    before = _claim(rect)
    record(actor, rect, "recheck_start", "开始复查", moment, before=before, after=st.RECHECKING)
    items = list(rect.items.exclude(status=st.ITEM_FIXED).select_related("finding__site__unit"))
    by_site: dict[int, list[RectificationItem]] = defaultdict(list)
    for item in items:
        by_site[item.finding.site_id].append(item)
    outcomes: list[str] = []
    try:
        for site_items in by_site.values():
            outcomes += _recheck_site(actor, rect, site_items[0].finding.site, site_items, moment)
    finally:
        status = _finish(actor, rect, before, outcomes, moment)
    return RecheckResult(rect.number, outcomes.count(st.FIXED), outcomes.count(st.UNFIXED),
                         outcomes.count(st.UNREADABLE), status)


def due_rechecks(now: datetime) -> str:
    """Periodic job: 复查 every unfinished notice whose deadline (China date) has passed and that was not
    auto-rechecked yet, each claimed once with compare-and-set; returns a Chinese log line ('' = none)."""
    due = Rectification.objects.filter(status__in=st.RECHECKABLE, deadline__lt=china_day(now),
                                       auto_recheck_at__isnull=True).values_list("pk", flat=True)[:20]
    lines = []
    for pk in due:
        if not Rectification.objects.filter(pk=pk, auto_recheck_at__isnull=True).update(auto_recheck_at=now):
            continue  # another machine took it
        try:
            lines.append(recheck(SYSTEM, pk, now).line)
        except UsageError as exc:
            lines.append(str(exc))
    return "；".join(lines)
