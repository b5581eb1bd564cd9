"""防篡改巡检: the periodic defacement (篡改) watch of every active site's homepage (issue #7 §2).

The job :func:`watch` (``periodic.JOBS`` entry ``security.defacement``, every minute) makes sure each
active Site has a :class:`~govwatch.storage.security.models.DefacementWatch` row, claims the rows that are
due with compare-and-set on ``next_check_at`` (moved one interval on, so several machines never check one
site twice in the same slot; :data:`INTERVAL_MINUTES` = 60 minutes, a platform constant), and for each
claimed site:

1. fetches the homepage alone through the crawl layer (``max_pages=1, max_depth=0``, no external links,
   ``GOVWATCH_RESOLVE`` honoured, 15 s per request);
2. a dead homepage is no defacement: nothing is raised or resolved (availability has its own indicator);
3. with no stored baseline, the homepage becomes the baseline (first read, ``approved_by`` '');
4. otherwise the check module :mod:`govwatch.checks.security_defacement` judges it against the baseline
   with the rulebook's params (its own rules: dynamic regions masked, similarity < 0.7 or new sensitive
   words); a finding is stored as a Finding row ``security.defacement`` of the site with a fingerprint
   stable per site + baseline digest (evidence of the check: similarity, words, before/after lines, diff,
   baseline time/approver; ``first_run`` NULL so that scheduled complete scans never close it), and new
   findings raise alerts (``services.alerts.alerts_for``) the way scans do;
5. a homepage back within the threshold resolves the watch's open findings of the site; an operator's
   approval of a new baseline (``govwatch baselines approve``) resolves every open one
   (``security_baselines.take_baseline``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from govwatch.checks import security_defacement
from govwatch.checks.base import ScanContext
from govwatch.checks.runner import run_modules
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.fingerprint import fingerprint
from govwatch.core.models import Finding as CoreFinding
from govwatch.core.models import SiteSpec
from govwatch.core.transport import DefacementBaseline, SecurityFacts, TransportFacts
from govwatch.crawl import CrawlOptions, crawl_site
from govwatch.extract.facts import SiteFacts
from govwatch.rules.rulebook import default_rulebook
from govwatch.services import alerts
from govwatch.services.persist import china_day
from govwatch.services.security_baselines import current_baseline, resolve_defacement, take_baseline
from govwatch.storage import run_queries
from govwatch.storage.models import Finding, Site
from govwatch.storage.security.models import DefacementWatch

log = logging.getLogger(__name__)

CODE = security_defacement.ID
INTERVAL_MINUTES = 60
"""Minutes between two checks of one site's homepage (platform constant; 国办发〔2017〕47号 防篡改)."""
BATCH = 50
"""Sites claimed (and fetched concurrently) per job run at most; the rest stay due for the next run. The
job runs every minute, so up to 3,000 sites an hour keep the 60-minute cadence. A run takes at most about
two request timeouts (one retry), during which ``govwatch serve``'s other periodic jobs wait."""
TIMEOUT = 15.0
"""Seconds per homepage request (the availability indicator's 15 s)."""
BASELINE, SAME, DEFACED, UNREACHABLE, ERROR = "baseline", "same", "defaced", "unreachable", "error"


@dataclass(frozen=True)
class SiteCheck:
    """How one site's check ended: ``result`` one of baseline/same/defaced/unreachable/error; ``finding``
    the stored Finding (defaced only); ``new`` whether it was created or reopened now; ``resolved`` how
    many open findings this check resolved."""

    site_id: int
    result: str
    finding: Finding | None = None
    new: bool = False
    resolved: int = 0


def ensure_watches(now: datetime) -> int:
    """Give every active site without one a DefacementWatch row due at ``now``; returns how many were
    added (rows of concurrent runners are ignored, not duplicated)."""
    have = set(DefacementWatch.objects.values_list("site_id", flat=True))
    rows = [DefacementWatch(site_id=sid, next_check_at=now)
            for sid in Site.objects.filter(active=True).values_list("id", flat=True) if sid not in have]
    DefacementWatch.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def claim_due(now: datetime, limit: int = BATCH, minutes: int = INTERVAL_MINUTES) -> list[DefacementWatch]:
    """Claim up to ``limit`` watches of active sites due at ``now`` (oldest first): each is moved to
    ``now + minutes`` with compare-and-set on its ``next_check_at``, so a row is claimed by one runner
    per slot. Returns the claimed rows with their sites."""
    due = (DefacementWatch.objects.filter(site__active=True, next_check_at__lte=now)
           .order_by("next_check_at", "id").values_list("id", "next_check_at")[:limit])
    won = [pk for pk, at in due if DefacementWatch.objects.filter(pk=pk, next_check_at=at)
           .update(next_check_at=now + timedelta(minutes=minutes)) == 1]
    return list(DefacementWatch.objects.filter(pk__in=won).select_related("site").order_by("id"))


def crawl_options(resolve: Mapping[tuple[str, int], str] | None = None) -> CrawlOptions:
    """The homepage-only fetch of the watch (``resolve`` default: GOVWATCH_RESOLVE)."""
    pins = dict(resolve) if resolve is not None else dict(settings.GOVWATCH.resolve_map)
    return CrawlOptions(max_pages=1, max_depth=0, check_external=False, resolve=pins, total_timeout=TIMEOUT,
                        retries=1)


def _spec(site: Site) -> SiteSpec:
    return SiteSpec(home_url=site.home_url, name=site.name, extra_hosts=tuple(site.extra_hosts or ()),
                    ignore_robots=site.ignore_robots)


def fetch_homepages(sites: Sequence[Site], options: CrawlOptions) -> dict[int, CrawlResult]:
    """Each site's homepage crawl (concurrently, one event loop), by site id. Network failures are data
    in the results; raises only UsageError for a bad ``options.resolve``."""
    box: dict[int, CrawlResult] = {}

    async def main() -> None:  # returns nothing: see the Python 3.11 caveat of crawl_site
        results = await asyncio.gather(*(crawl_site(_spec(s), options) for s in sites))
        box.update(zip((s.id for s in sites), results, strict=True))

    if sites:
        asyncio.run(main())
    return box


def judge(crawl: CrawlResult, baseline: DefacementBaseline, now: datetime) -> list[CoreFinding]:
    """Run the ``security.defacement`` check on ``crawl``'s homepage against ``baseline`` with the
    national rulebook's params; its findings (a raising check gives one ``check.error`` finding)."""
    spec = crawl.site
    ctx = ScanContext(spec, crawl, SiteFacts(home_url=spec.home_url), china_day(now),
                      transport=TransportFacts(home_url=spec.home_url, extra=SecurityFacts(baseline=baseline)))
    return run_modules([security_defacement], ctx, default_rulebook(), target=spec.home_url, url=spec.home_url)


def finding_key(site: Site, digest: str) -> str:
    """The stable fingerprint of the watch's finding on ``site`` against the baseline ``digest``."""
    return fingerprint(site.home_url, CODE, site.home_url, {"key": digest})


def _fields(f: CoreFinding) -> dict[str, Any]:
    rulebook = default_rulebook()
    evidence = {**f.evidence, "source": "防篡改巡检"}
    return {"code": CODE, "url": (f.url or f.target)[:1000], "message": f.message, "fix": f.fix, "count": f.count,
            "evidence": evidence, "indicators": [ind.id for ind in rulebook.for_code(CODE)]}


def store_finding(site: Site, f: CoreFinding, digest: str, now: datetime) -> tuple[Finding, bool]:
    """Create, refresh or reopen the site's watch finding for ``f`` (fingerprint :func:`finding_key`,
    ``first_run`` NULL, first/last seen, days seen); watch findings of older baselines are resolved.
    Returns (row, True when created or reopened now)."""
    fp, day = finding_key(site, digest), china_day(now).isoformat()
    fields = _fields(f)
    with transaction.atomic():
        run_queries.lock_site(site.id)
        row = Finding.objects.filter(site=site, fingerprint=fp).first()
        if row is None:
            row = Finding.objects.create(site=site, fingerprint=fp, first_seen=now, last_seen=now, days_seen=[day],
                                         status=Finding.Status.OPEN, first_run=None, last_run=None, **fields)
            fresh = True
        else:
            fresh = row.status == Finding.Status.RESOLVED
            for name, value in fields.items():
                setattr(row, name, value)
            row.last_seen, row.status, row.resolved_at = max(row.last_seen, now), Finding.Status.OPEN, None
            row.days_seen = sorted({*(row.days_seen or []), day})
            row.save()
        resolve_defacement(site, now, watch_only=True, keep=fp)
    return row, fresh


def check_site(site: Site, crawl: CrawlResult, now: datetime) -> SiteCheck:
    """Judge one site's freshly fetched homepage (see module docstring, steps 2–5)."""
    home = crawl.home
    if home is None or not home.fetch.ok or not home.html:
        return SiteCheck(site.id, UNREACHABLE)
    baseline = current_baseline(site)
    if baseline is None:
        take_baseline(site, home.html, home.fetch.final_url or home.url, now=now)
        return SiteCheck(site.id, BASELINE)
    findings = judge(crawl, baseline, now)
    if any(f.code == "check.error" for f in findings):
        log.warning("防篡改巡检 %s 检查出错：%s", site.home_url, findings[0].message)
        return SiteCheck(site.id, ERROR)
    if not findings:
        return SiteCheck(site.id, SAME, resolved=resolve_defacement(site, now, watch_only=True))
    row, fresh = store_finding(site, findings[0], baseline.digest, now)
    if fresh:
        alerts.alerts_for([row], now)  # idempotent per finding, recipient and event
    return SiteCheck(site.id, DEFACED, row, fresh)


def run_once(now: datetime, resolve: Mapping[tuple[str, int], str] | None = None,
             limit: int = BATCH) -> list[SiteCheck]:
    """One pass: add missing watches, claim what is due at ``now``, fetch and judge; returns the checks.
    ``resolve`` overrides GOVWATCH_RESOLVE (tests)."""
    ensure_watches(now)
    claimed = claim_due(now, limit)
    crawls = fetch_homepages([w.site for w in claimed], crawl_options(resolve))
    done: list[SiteCheck] = []
    for watch_row in claimed:
        try:
            outcome = check_site(watch_row.site, crawls[watch_row.site.id], now)
        except Exception:  # one site's trouble must not stop the others; it is due again next slot
            log.exception("防篡改巡检 %s 失败", watch_row.site.home_url)
            outcome = SiteCheck(watch_row.site.id, ERROR)
        DefacementWatch.objects.filter(pk=watch_row.pk).update(last_checked_at=now, last_result=outcome.result)
        done.append(outcome)
    return done


def watch(now: datetime) -> str:
    """The periodic job: :func:`run_once` at ``now``; one Chinese log line ('' when nothing was due)."""
    checks = run_once(now)
    if not checks:
        return ""
    count = {kind: sum(c.result == kind for c in checks) for kind in (BASELINE, DEFACED, UNREACHABLE, ERROR)}
    new = sum(c.new for c in checks)
    resolved = sum(c.resolved for c in checks)
    return (f"防篡改巡检：检查 {len(checks)} 个网站首页，采集基线 {count[BASELINE]} 个，疑似篡改 {count[DEFACED]} 个"
            f"（新增 {new} 个），恢复正常 {resolved} 个，首页无法访问 {count[UNREACHABLE]} 个，出错 {count[ERROR]} 个")
