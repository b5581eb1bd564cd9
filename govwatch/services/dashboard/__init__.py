"""Use cases of the web dashboard (issue #4 §1): the fleet overview, site, unit and account pages, the
findings list and its exports. Every function takes the ``Actor`` and sees only what it may."""

from govwatch.services.dashboard.common import (
    AccessDenied,
    IndicatorRef,
    NotFound,
    indicator_choices,
    require_fleet,
)
from govwatch.services.dashboard.exports import Download, download_report, export_findings
from govwatch.services.dashboard.fleet import Overview, overview, ranking
from govwatch.services.dashboard.lists import (
    FindingQuery,
    account_page,
    accounts,
    finding_codes,
    findings,
    findings_page,
    sites,
    unit_page,
    units,
)
from govwatch.services.dashboard.site import SitePage, site_page, visible_site

__all__ = ["AccessDenied", "Download", "FindingQuery", "IndicatorRef", "NotFound", "Overview", "SitePage",
           "account_page", "accounts", "download_report", "export_findings", "finding_codes", "findings",
           "findings_page", "indicator_choices", "overview", "ranking", "require_fleet", "site_page", "sites", "unit_page",
           "units", "visible_site"]
