"""Defacement (篡改) baselines of site homepages (issue #7 §2): taken on a site's first security scan or
approved by an operator, stored in the ``security`` app, handed to the next scans' ``security.defacement``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.utils import timezone

from govwatch.checks.security_defacement import stable_text
from govwatch.core.transport import DefacementBaseline
from govwatch.services.scan import ScanOutcome, ScanRequest, scan_site
from govwatch.storage.models import Site
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
    ``approved_by`` the operator's user name ('' for the automatic first-scan baseline)."""
    text, digest = stable_text(html)
    row, _ = Baseline.objects.update_or_create(
        site=site, defaults={"url": url, "text": text, "digest": digest, "snapshot": html,
                             "captured_at": now or timezone.now(), "approved_by": approved_by})
    return row


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
