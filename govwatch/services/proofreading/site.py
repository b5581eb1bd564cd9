"""整站校对: proofread a whole registered site as of its last scan.

The scan keeps no page text in the database, so the site is crawled again with the scan engine (the same
SiteSpec as its scans, external links not checked, at most as many pages as its last complete scan
parsed, or ``CrawlOptions.max_pages``); each fetched HTML page's main text (trafilatura; the homepage
without navigation) is proofread with the knowledge base in use and the site's whitelist. The job lists
each page with issues (at most ``MAX_ISSUES_PER_PAGE`` issues stored per page, all counted).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime
from typing import Any

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.urls import host_of
from govwatch.crawl import CrawlOptions, crawl_site_sync
from govwatch.extract.html import content_text, page_title, parse
from govwatch.proofread.engine import DEFAULT, proofread
from govwatch.proofread.inputs import main_text
from govwatch.proofread.kb import KnowledgeBase
from govwatch.services.proofreading.kb import current_kb
from govwatch.services.scan_jobs import site_spec
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import ProofreadJob, ScanRun, Site

MAX_ISSUES_PER_PAGE = 50
MIN_CHARS = 30  # shorter main texts are navigation stubs, not worth proofreading
MAX_CHARS = 50_000  # characters read per page


def _last_scan(site: Site) -> ScanRun | None:
    return (ScanRun.objects.filter(site=site, status=ScanRun.Status.DONE, complete=True)
            .order_by("-finished_at", "-id").first())


def _options(options: CrawlOptions | None, last: ScanRun | None) -> CrawlOptions:
    base = options or CrawlOptions()
    base = dataclasses.replace(base, check_external=False)
    pages = (last.stats or {}).get("pages") if last is not None else None
    if isinstance(pages, int) and 0 < pages < base.max_pages:
        base = dataclasses.replace(base, max_pages=pages)
    return base


def proofread_site(site: Site, now: datetime | None = None, *, kb: KnowledgeBase | None = None, user_id: int | None = None,
                   options: CrawlOptions | None = None, typo: object = DEFAULT) -> ProofreadJob:
    """Crawl ``site`` again and proofread every page (see module docstring) → a finished job (kind site)
    with ``result`` {last_scan, pages_crawled, pages_checked, pages: [{url, title, counts, issues}]}.
    ``kb`` defaults to the knowledge base in use (``current_kb``). Never raises for what the site does: an
    unreachable site is a job with no page checked and a note."""
    now = now or utcnow()
    kb = kb or current_kb()
    last = _last_scan(site)
    job = q.start_job(kind="site", name=site.home_url, size=0, now=now, user_id=user_id,
                      site_id=site.id)
    crawl = crawl_site_sync(site_spec(site), _options(options, last))
    host = host_of(site.home_url)
    pages: list[dict[str, Any]] = []
    totals: Counter[str] = Counter()
    checked = chars = 0
    for page in crawl.pages:
        if not page.fetch.ok or not page.html:
            continue
        text = content_text(page.html) if page is crawl.home else main_text(page.html, page.fetch.final_url or page.url)
        if len(text) < MIN_CHARS:
            continue
        text = text[:MAX_CHARS]
        checked += 1
        chars += len(text)
        issues = proofread(text, kb, typo=typo, site=host, today=now.astimezone(CHINA_TZ).date()).issues
        if issues:
            counts = Counter(i.type for i in issues)
            totals.update(counts)
            pages.append({"url": page.fetch.final_url or page.url, "title": page_title(parse(page.html)),
                          "counts": dict(counts), "issues": [i.as_dict() for i in issues[:MAX_ISSUES_PER_PAGE]]})
    notes = list(crawl.notes)
    if checked == 0:
        notes.append("未能获取到可校对的网页正文（网站无法访问或页面没有正文）。")
    job.size = chars
    job.save(update_fields=["size"])
    result = {"last_scan": last.id if last else None, "pages_crawled": len(crawl.pages), "pages_checked": checked,
              "notes": notes, "counts": dict(totals), "pages": pages}
    return q.finish_job(job, now, counts=dict(totals), kb_version=kb.version,
                        result=result, outputs={})
