"""Defacement (篡改) baselines of site homepages (issue #7 §2): taken on a site's first security scan, on the
first 防篡改巡检 (``services.defacement_watch``) or approved by an operator, stored in the ``security`` app,
handed to the next scans' and checks' ``security.defacement``. An operator's approval resolves the site's
open ``security.defacement`` findings (the current homepage is accepted).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.utils import timezone

from govwatch.checks.security_defacement import stable_text
from govwatch.core.transport import DefacementBaseline
from govwatch.services.scan import ScanOutcome, ScanRequest, scan_site
from govwatch.storage.models import Finding, Site
from govwatch.storage.security.models import Baseline


def current_baseline(site: Site) -> DefacementBaseline | None:
    """The site's stored baseline as the checks see it, or None when none was taken yet."""
    row = Baseline.objects.filter(site=site).first()
    if row is None:
        return None
    return DefacementBaseline(text=row.text, digest=row.digest, html=row.snapshot, captured_at=row.captured_at,
                              approved_by=row.approved_by, url=row.url)


def take_baseline(site: Site, html: str, url: str, *, approved_by: str = "",
                  now: datetime | None = None) -> Baseline:
    """Store ``html`` (the homepage at ``url``) as the site's baseline, replacing any earlier one.
    ``approved_by`` the operator's user name ('' for the automatic first-read baseline); an approval
    also resolves the site's open ``security.defacement`` findings."""
    text, digest = stable_text(html)
    moment = now or timezone.now()
    row, _ = Baseline.objects.update_or_create(
        site=site, defaults={"url": url, "text": text, "digest": digest, "snapshot": html,
                             "captured_at": moment, "approved_by": approved_by})
    if approved_by:
        resolve_defacement(site, moment)
    return row


def resolve_defacement(site: Site, now: datetime, *, watch_only: bool = False, keep: str = "") -> int:
    """Resolve the site's open ``security.defacement`` findings (all of them, or with ``watch_only`` those
    the 防篡改巡检 raised: ``first_run`` NULL), except the one with fingerprint ``keep``; returns how many."""
    rows = Finding.objects.filter(site=site, code="security.defacement", status=Finding.Status.OPEN)
    if watch_only:
        rows = rows.filter(first_run__isnull=True)
    return rows.exclude(fingerprint=keep).update(status=Finding.Status.RESOLVED, resolved_at=now)


def scan_with_baseline(site: Site, request: ScanRequest) -> tuple[ScanOutcome, bool]:
    """Run ``request`` (a security scan of ``site``) against the site's stored baseline; when there was
    none and the homepage was read, its homepage becomes the baseline. Returns (outcome, whether a
    baseline was taken now). A scan without ``security`` runs unchanged and takes nothing."""
    if not request.security:
        return scan_site(request), False
    stored = current_baseline(site)
    outcome = scan_site(replace(request, baseline=stored))
    home = outcome.crawl.home
    if stored is None and home is not None and home.fetch.ok and home.html:
        take_baseline(site, home.html, home.fetch.final_url or home.url)
        return outcome, True
    return outcome, False


def approve_baseline(site: Site, outcome: ScanOutcome, username: str) -> Baseline | None:
    """An operator accepts the homepage of ``outcome`` (e.g. after a redesign) as the new baseline;
    None when that scan did not read the homepage."""
    home = outcome.crawl.home
    if home is None or not home.fetch.ok or not home.html:
        return None
    return take_baseline(site, home.html, home.fetch.final_url or home.url, approved_by=username)


def registered_site(url: str) -> Site:
    """The registered site whose homepage is ``url`` (same normalised URL). Raises UsageError."""
    from govwatch.core.errors import UsageError
    from govwatch.core.urls import normalize_url

    try:
        key = normalize_url(url)
    except ValueError as exc:
        raise UsageError(f"网址格式错误：{url}") from exc
    for site in Site.objects.all():
        try:
            if normalize_url(site.home_url) == key:
                return site
        except ValueError:
            continue
    raise UsageError(f"网站未登记：{url}（先用 govwatch sites import 登记）")


def approve_homepage(url: str, username: str, *, resolve: dict[tuple[str, int], str] | None = None,
                     timeout: float = 15.0) -> Baseline:
    """An operator (``username``: an 运维人员 or 监管方管理员 account) approves the registered site's current
    homepage as its defacement baseline: the homepage is fetched now (no full scan), stored, and the
    approval is written to the audit log. Raises UsageError (unknown site or user, homepage unreadable)
    and AccessDenied (the user is not admin/operator)."""
    from django.contrib.auth import get_user_model

    from govwatch.core.errors import UsageError
    from govwatch.crawl import CrawlOptions
    from govwatch.services.access import ADMIN, OPERATOR, actor_of, audit

    site = registered_site(url)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"账号不存在：{username}")
    actor = actor_of(user)
    actor.require(ADMIN, OPERATOR)
    from govwatch.services.scan_jobs import site_spec

    options = CrawlOptions(max_pages=1, max_depth=0, check_external=False, resolve=resolve or {},
                           total_timeout=timeout)
    outcome = scan_site(ScanRequest(site=site_spec(site), crawl=options))
    row = approve_baseline(site, outcome, actor.username)
    if row is None:
        raise UsageError(f"无法读取首页，未更新基线：{site.home_url}")
    audit(actor, "approve", row, f"确认 {site.name} 首页防篡改基线（{row.digest[:12]}）")
    return row


def check_homepage(url: str, *, resolve: dict[tuple[str, int], str] | None = None,
                   timeout: float = 15.0) -> tuple[ScanOutcome, bool]:
    """A 防篡改巡检 of a registered site: its homepage alone is fetched and scanned with ``security``
    against the stored baseline (taking one when there is none). Returns (outcome, baseline taken now);
    the ``security.defacement`` findings are in ``outcome.findings``. Raises UsageError (unknown site)."""
    from govwatch.crawl import CrawlOptions
    from govwatch.services.scan_jobs import site_spec

    site = registered_site(url)
    options = CrawlOptions(max_pages=1, max_depth=0, check_external=False, resolve=resolve or {},
                           total_timeout=timeout)
    return scan_with_baseline(site, ScanRequest(site=site_spec(site), crawl=options, security=True))
