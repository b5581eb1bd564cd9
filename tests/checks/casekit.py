"""Builders for check tests: pages, crawls, link verdicts and a ScanContext, all by hand (no crawler)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from govwatch.checks.base import ScanContext
from govwatch.checks.registry import CHECKS
from govwatch.checks.runner import run_checks
from govwatch.core import (
    CrawlResult,
    Fetch,
    FetchError,
    Finding,
    LinkCheck,
    LinkKind,
    LinkVerdict,
    Page,
    SiteSpec,
)
from govwatch.extract import build_facts
from govwatch.rules.rulebook import default_rulebook

AT = datetime(2024, 3, 10, 2, 0, tzinfo=UTC)


def fetch(url: str, status: int | None = 200, error: FetchError | None = None, seconds: float = 0.05) -> Fetch:
    """A Fetch outcome for ``url``."""
    return Fetch(url=url, final_url=url, status=status, seconds=seconds, size=0, content_type="text/html",
                 fetched_at=AT, error=error)


def page(url: str, html: str, *, home: bool = False, status: int | None = 200,
         error: FetchError | None = None) -> Page:
    """A fetched HTML page."""
    return Page(url=url, fetch=fetch(url, status, error), html=html, encoding="utf-8", depth=0 if home else 1,
                is_home=home)


def link(url: str, verdict: LinkVerdict, *, status: int | None = None, error: FetchError | None = None,
         on_home: bool = False, referrers: Sequence[tuple[str, str]] = (),
         kind: LinkKind = LinkKind.PAGE) -> LinkCheck:
    """A link verdict referenced from ``referrers`` ((page, anchor text) pairs)."""
    return LinkCheck(url=url, kind=kind, verdict=verdict, fetch=fetch(url, status, error), referrers=tuple(referrers),
                     on_home=on_home)


def context(site: SiteSpec, pages: Iterable[Page], today: date,
            links: Iterable[LinkCheck] = ()) -> ScanContext:
    """Crawl → facts → the ScanContext every check receives."""
    crawl = CrawlResult(site=site, started_at=AT, finished_at=AT, pages=tuple(pages),
                        links={lc.url: lc for lc in links})
    return ScanContext(site=site, crawl=crawl, facts=build_facts(crawl, site, today), today=today)


def run(check_id: str, ctx: ScanContext) -> list[Finding]:
    """Findings of one registered check, run by the real runner with the national rulebook's params."""
    (module,) = [m for m in CHECKS if check_id == m.ID]
    return run_checks(ctx, default_rulebook(), [module])


def codes(findings: Iterable[Finding]) -> list[str]:
    """Sorted finding codes."""
    return sorted(f.code for f in findings)
