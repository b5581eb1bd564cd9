"""The report model (监测报告): a pure, frozen tree holding everything the HTML, JSON and DOCX renderers show.

``build_report`` does all the judging of what to show (labels, statuses, grouping, counts); renderers
only lay it out. Dates are the site's calendar (Asia/Shanghai); times are shown in Beijing time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from govwatch.core.clock import CHINA_TZ
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Finding, SiteSpec
from govwatch.core.score import Score
from govwatch.extract.facts import SiteFacts
from govwatch.reports.evidence import EvidenceItem, readable_evidence
from govwatch.reports.labels import INDICATOR_KIND_LABELS, SITE_KIND_LABELS, code_label
from govwatch.reports.sections import (
    ColumnRow,
    IdentityRow,
    IndicatorRow,
    LinkStats,
    column_rows,
    derived_notes,
    identity_rows,
    indicator_rows,
    link_stats,
)
from govwatch.rules.rulebook import Rulebook

__all__ = [
    "ColumnRow", "FindingEntry", "IdentityRow", "IndicatorRow", "LinkStats", "Problem", "ProblemGroup",
    "Report", "RulebookInfo", "SiteInfo", "build_report",
]


@dataclass(frozen=True)
class SiteInfo:
    """The monitored site: ``kind_label`` 门户网站/部门网站; ``host`` the homepage's host."""

    name: str
    home_url: str
    host: str
    unit: str
    site_id_code: str
    kind: str
    kind_label: str
    level: str


@dataclass(frozen=True)
class RulebookInfo:
    """Which rules judged the site; recorded so an old report re-renders identically."""

    id: str
    version: str
    title: str
    source: str


@dataclass(frozen=True)
class Problem:
    """One finding as shown in the report: ``label`` the Chinese name of ``code``; ``evidence`` readable
    entries; ``fix`` the finding's advice, else the indicator's."""

    code: str
    label: str
    message: str
    url: str
    evidence: tuple[EvidenceItem, ...]
    fix: str
    count: int


@dataclass(frozen=True)
class ProblemGroup:
    """The problems counted by one indicator (or, with ``indicator_id`` '', the unscored ones)."""

    indicator_id: str
    title: str
    kind: str
    kind_label: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FindingEntry:
    """A finding verbatim (for report.json) with its label and the indicators that counted it."""

    finding: Finding
    label: str
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """One scan's 监测报告.

    ``monitoring_date`` is the 监测时间点; ``scan_started``/``scan_finished`` UTC datetimes,
    ``scan_started_text`` Beijing time for display, ``duration_seconds`` the crawl's wall time.
    Score fields mirror ``core.score.Score`` (``total`` None when vetoed). ``problem_groups`` come in
    indicator order (veto, deduct, info), then unscored; ``findings`` every finding in check order.
    """

    title: str
    site: SiteInfo
    monitoring_date: date
    scan_started: datetime
    scan_finished: datetime
    scan_started_text: str
    duration_seconds: float
    rulebook: RulebookInfo
    verdict: str
    vetoed: bool
    scored: bool
    deduction_score: float
    bonus: float
    bonus_counted: bool
    total: float | None
    pass_score: float
    bonus_threshold: float
    reasons: tuple[str, ...]
    indicators: tuple[IndicatorRow, ...]
    problem_groups: tuple[ProblemGroup, ...]
    problem_count: int
    links: LinkStats
    columns: tuple[ColumnRow, ...]
    identity: tuple[IdentityRow, ...]
    notes: tuple[str, ...]
    findings: tuple[FindingEntry, ...]
    generator: str = "govwatch"


def build_report(*, site: SiteSpec, crawl: CrawlResult, facts: SiteFacts, findings: Sequence[Finding],
                 score: Score, rulebook: Rulebook, today: date, notes: Sequence[str] = ()) -> Report:
    """Assemble the report of one scan. Pure: reads its arguments, writes nothing, never raises for odd
    data (unknown finding codes get a fallback label; missing facts show as 未发现)."""
    groups = _problem_groups(score, rulebook)
    return Report(
        title=report_title(site), site=_site_info(site), monitoring_date=today,
        scan_started=crawl.started_at, scan_finished=crawl.finished_at,
        scan_started_text=_beijing(crawl.started_at),
        duration_seconds=round(max((crawl.finished_at - crawl.started_at).total_seconds(), 0.0), 1),
        rulebook=RulebookInfo(rulebook.id, rulebook.version, rulebook.title, rulebook.source),
        verdict=score.verdict, vetoed=score.vetoed, scored=score.scored,
        deduction_score=score.deduction_score, bonus=score.bonus, bonus_counted=score.bonus_counted,
        total=score.total, pass_score=score.pass_score, bonus_threshold=score.bonus_threshold,
        reasons=score.reasons, indicators=indicator_rows(score), problem_groups=groups,
        problem_count=sum(len(g.problems) for g in groups), links=link_stats(crawl),
        columns=column_rows(facts, findings, today), identity=identity_rows(site, facts),
        notes=_dedupe([*derived_notes(score), *crawl.notes, *notes]),
        findings=_finding_entries(findings, score, rulebook),
        generator=_generator(),
    )


def report_title(site: SiteSpec) -> str:
    """「XX网站监测报告」: the site's name (or host), without doubling a trailing 网站."""
    name = site.name or urlsplit(site.home_url).hostname or site.home_url
    return f"{name}监测报告" if name.endswith("网站") else f"{name}网站监测报告"


def _site_info(site: SiteSpec) -> SiteInfo:
    return SiteInfo(
        name=site.name or (urlsplit(site.home_url).hostname or site.home_url), home_url=site.home_url,
        host=urlsplit(site.home_url).hostname or "", unit=site.unit, site_id_code=site.site_id_code or "",
        kind=site.kind, kind_label=SITE_KIND_LABELS.get(site.kind, site.kind), level=site.level,
    )


def _problem(finding: Finding, fallback_fix: str, rulebook: Rulebook) -> Problem:
    return Problem(code=finding.code, label=code_label(finding.code, rulebook), message=finding.message,
                   url=finding.url, evidence=readable_evidence(finding.evidence, finding.url),
                   fix=finding.fix or fallback_fix, count=finding.count)


def _problem_groups(score: Score, rulebook: Rulebook) -> tuple[ProblemGroup, ...]:
    order = {"veto": 0, "deduct": 1, "info": 2}
    results = sorted((r for r in score.results if r.findings and r.kind in order), key=lambda r: order[r.kind])
    groups = [ProblemGroup(r.indicator_id, r.title, r.kind, INDICATOR_KIND_LABELS.get(r.kind, r.kind),
                           tuple(_problem(f, r.fix, rulebook) for f in r.findings)) for r in results]
    if score.unscored:
        groups.append(ProblemGroup("", "其他问题", "unscored", "未计分",
                                   tuple(_problem(f, "", rulebook) for f in score.unscored)))
    return tuple(groups)


def _finding_entries(findings: Sequence[Finding], score: Score, rulebook: Rulebook) -> tuple[FindingEntry, ...]:
    scored_ids = {r.indicator_id for r in score.results}
    return tuple(FindingEntry(f, code_label(f.code, rulebook),
                              tuple(i.id for i in rulebook.for_code(f.code) if i.id in scored_ids))
                 for f in findings)


def _beijing(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)
    return aware.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _dedupe(notes: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in notes if n))


def _generator() -> str:
    from govwatch import __version__

    return f"govwatch {__version__}"
