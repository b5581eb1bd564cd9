"""Use case ``scan_site``: crawl one website, extract facts, run the checks, score, write the report.

This is the only place the engine layers are wired together for a scan (DESIGN.md §1).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from govwatch.checks.base import ScanContext
from govwatch.checks.registry import check_ids
from govwatch.checks.runner import run_checks
from govwatch.core.clock import today_in_china
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Finding, SiteSpec
from govwatch.core.score import Score
from govwatch.core.transport import DefacementBaseline
from govwatch.crawl import CrawlOptions, CrawlProgress, crawl_site
from govwatch.extract import build_facts
from govwatch.extract.facts import SiteFacts
from govwatch.extract.rendered import rendered_identity
from govwatch.proofread.kb import KnowledgeBase
from govwatch.reports import build_report, write_reports
from govwatch.reports.model import Report
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.scoring import score_site
from govwatch.services.browser_pass import BROWSER_CHECKS, BrowserPass, browser_pass
from govwatch.services.security_pass import TRANSPORT_CHECKS, security_pass

__all__ = ["CrawlOptions", "CrawlProgress", "ScanOutcome", "ScanRequest", "scan_site", "scan_site_async"]


@dataclass(frozen=True)
class ScanRequest:
    """What to scan and how.

    ``today`` is the monitoring point (监测时间点; default: today in Asia/Shanghai; ``--now`` sets it to
    scan a stored site as of its capture date); ``out_dir`` where report.html/json/docx go (None: no
    files); ``rulebook`` defaults to the bundled national one. ``browser`` adds a browser pass (headless
    Chromium on a sample of at most ``browser_pages`` pages, screenshots in ``out_dir/screenshots``;
    see :mod:`govwatch.services.browser_pass`); off by default, it costs ≈0.3 s a page. ``security``
    adds the transport/configuration probe (certificate, security headers, ≈25 well-known paths such as
    /.git/HEAD; :mod:`govwatch.crawl.transport`); off by default. ``kb`` the proofreading knowledge base
    of the content checks (None: the bundled files). ``baseline`` the site's stored defacement
    baseline for ``security.defacement`` (:mod:`govwatch.services.security_baselines`; None: none).
    """

    site: SiteSpec
    crawl: CrawlOptions = field(default_factory=CrawlOptions)
    today: date | None = None
    out_dir: Path | None = None
    rulebook: Rulebook | None = None
    browser: bool = False
    browser_pages: int = 20
    security: bool = False
    kb: KnowledgeBase | None = None
    baseline: DefacementBaseline | None = None


@dataclass(frozen=True)
class ScanOutcome:
    """Everything a scan produced; ``files`` maps 'html'/'json'/'docx' to the written report paths."""

    crawl: CrawlResult
    facts: SiteFacts
    findings: tuple[Finding, ...]
    score: Score
    report: Report
    files: dict[str, Path]


def _notes(request: ScanRequest, crawl: CrawlResult, extra: tuple[str, ...] = ()) -> list[str]:
    notes = [*crawl.notes, *extra]
    if not request.crawl.check_external:
        notes.append("本次监测未检查外部链接（--no-external），外部链接的可用性不在本报告范围内。")
    if request.today is not None:
        notes.append(f"监测时间点按 {request.today.isoformat()} 计算（--now），用于按采集日期评估已保存的网站。")
    return notes


async def scan_site_async(request: ScanRequest,
                          progress: Callable[[CrawlProgress], None] | None = None) -> ScanOutcome:
    """Run one full scan (see module docstring). Never raises for what the site does: an unreachable
    site, dead links or a failing check all end up as findings in the outcome."""
    rulebook = request.rulebook or default_rulebook()
    today = request.today or today_in_china()
    crawl = await crawl_site(request.site, request.crawl, progress)
    facts = build_facts(crawl, request.site, today)
    browsed = BrowserPass()
    if request.browser:
        shots = request.out_dir / "screenshots" if request.out_dir is not None else None
        browsed = await browser_pass(crawl, facts, request.crawl, max_pages=request.browser_pages,
                                     screenshot_dir=shots)
        facts = replace(facts, identity=rendered_identity(facts.identity, browsed.rendered))
    transport = (await security_pass(request.site, crawl, request.crawl, request.baseline)
                 if request.security else None)
    ctx = ScanContext(request.site, crawl, facts, today, browsed.rendered, transport, kb=request.kb)
    findings = tuple(run_checks(ctx, rulebook))
    ran = ({*check_ids(), "runner"} - (set() if browsed.rendered else BROWSER_CHECKS)
           - (set() if transport is not None else TRANSPORT_CHECKS))
    score = score_site(findings, rulebook, request.site, checks_run=ran)
    report = build_report(site=request.site, crawl=crawl, facts=facts, findings=findings, score=score,
                          rulebook=rulebook, today=today, notes=_notes(request, crawl, browsed.notes))
    files = write_reports(report, request.out_dir) if request.out_dir is not None else {}
    return ScanOutcome(crawl, facts, findings, score, report, files)


def scan_site(request: ScanRequest, progress: Callable[[CrawlProgress], None] | None = None) -> ScanOutcome:
    """Synchronous :func:`scan_site_async` (runs its own event loop)."""
    return asyncio.run(scan_site_async(request, progress))
