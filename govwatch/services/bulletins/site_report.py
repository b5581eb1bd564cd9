"""``build_site_record(site_id, period)``: a stored site's 监测报告 for a period, from the database."""

from __future__ import annotations

from datetime import datetime

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.reports.labels import code_label
from govwatch.reports.model import report_title
from govwatch.reports.site_record import SiteRecord, indicator_rows, record_finding, site_kind_label
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.services.scores import resolve_period
from govwatch.storage import score_queries
from govwatch.storage.bulletins import site_queries as q


def _local(moment: datetime) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def build_site_record(site_id: int, period: str | None = None, now: datetime | None = None,
                      rulebook: Rulebook | None = None) -> SiteRecord:
    """The SiteRecord of a stored site for ``period`` (default: the current quarter) as of ``now``.
    Raises UsageError when the site does not exist or the period is bad or in the future."""
    book = rulebook or default_rulebook()
    moment = now or utcnow()
    chosen, as_of = resolve_period(period, moment)
    site = q.site(site_id)
    if site is None:
        raise UsageError(f"没有编号为 {site_id} 的网站")
    score = q.site_score(site_id, chosen.label)
    findings = tuple(record_finding(code_label(f.code, book), f.message, f.url, f.status, _local(f.first_seen),
                                    _local(f.last_seen), f.evidence, f.fix, f.count)
                     for f in q.site_findings(site_id, chosen.start, as_of))
    spec = score_queries.site_spec(site)
    return SiteRecord(
        title=report_title(spec), site=site.name, home_url=site.home_url, unit=site.unit.name,
        site_id_code=site.site_id_code, kind_label=site_kind_label(site.kind), level=site.level,
        period_label=chosen.label, period_title=chosen.title, generated_at=_local(moment),
        verdict=score.verdict if score else "", total=score.total if score else None,
        vetoes=score.vetoes if score else (), indicators=indicator_rows(score.indicators) if score else (),
        findings=findings, generator=_generator())


def _generator() -> str:
    from govwatch import __version__

    return f"govwatch {__version__}"
