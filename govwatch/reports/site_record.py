"""The 监测报告 of a stored site for a period (``SiteRecord``): what the platform knows of it — the period
score with its indicator results, and every finding open during the period with its evidence. Built by
the services from the database (unlike ``model.Report``, which is built from one scan); rendered as PDF
(``site_record_pdf``) and xlsx (``site_record_xlsx``). Pure: no Django, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govwatch.reports.evidence import EvidenceItem, readable_evidence
from govwatch.reports.labels import INDICATOR_KIND_LABELS, SITE_KIND_LABELS
from govwatch.reports.model import Report

__all__ = ["RecordFinding", "RecordIndicator", "SiteRecord", "indicator_rows", "record_finding", "record_from_report"]


@dataclass(frozen=True)
class RecordIndicator:
    """An indicator's result in the period: ``status`` 通过/未通过/…, ``points_lost`` (deduct only), problems."""

    kind_label: str
    title: str
    status: str
    points_lost: float
    problems: int


@dataclass(frozen=True)
class RecordFinding:
    """A finding as listed: Chinese ``label``, message, URL, status (未解决/已解决), first and last seen
    (Beijing time text), ``evidence`` readable entries, ``fix`` advice, ``count`` occurrences."""

    label: str
    message: str
    url: str
    status: str
    first_seen: str
    last_seen: str
    evidence: tuple[EvidenceItem, ...]
    fix: str
    count: int

    def evidence_text(self) -> str:
        """The evidence as lines ``标签：值`` (for a spreadsheet cell)."""
        return "\n".join(f"{e.label}：{'；'.join(e.lines)}" for e in self.evidence)


@dataclass(frozen=True)
class SiteRecord:
    """A stored site's 监测报告: ``verdict`` '' and ``total`` None when the period was not scored."""

    title: str
    site: str
    home_url: str
    unit: str
    site_id_code: str
    kind_label: str
    level: str
    period_label: str
    period_title: str
    generated_at: str
    verdict: str
    total: float | None
    vetoes: tuple[str, ...]
    indicators: tuple[RecordIndicator, ...]
    findings: tuple[RecordFinding, ...]
    generator: str = "govwatch"

    @property
    def kind_text(self) -> str:
        """门户网站（县级）…"""
        return self.kind_label + (f"（{self.level}级）" if self.level else "")


def record_finding(label: str, message: str, url: str, status: str, first_seen: str, last_seen: str,
                   evidence: Mapping[str, Any], fix: str, count: int) -> RecordFinding:
    """A RecordFinding with the raw ``evidence`` dict made readable (reports.evidence)."""
    return RecordFinding(label, message, url, status, first_seen, last_seen, readable_evidence(evidence, url), fix,
                         count)


def indicator_rows(detail_indicators: Sequence[Mapping[str, Any]]) -> tuple[RecordIndicator, ...]:
    """Indicator rows from a stored Score's ``detail['indicators']`` (scoring.period), leaving out the
    indicators that were not evaluated or passed without problems."""
    rows = []
    for ind in detail_indicators:
        problems = len(ind.get("findings", ())) + len(ind.get("more_ids", ()))
        if not ind.get("evaluated", True) or (ind.get("passed") and not problems):
            continue
        status = "通过" if ind.get("passed") else ("未通过" if ind.get("kind") == "veto" else "扣分")
        rows.append(RecordIndicator(INDICATOR_KIND_LABELS.get(str(ind.get("kind")), str(ind.get("kind"))),
                                    str(ind.get("title", "")), status, float(ind.get("points_lost") or 0), problems))
    return tuple(rows)


def site_kind_label(kind: str) -> str:
    """门户网站 / 部门网站."""
    return SITE_KIND_LABELS.get(kind, kind)


def record_from_report(report: Report) -> SiteRecord:
    """A scan's ``Report`` as a SiteRecord (for its xlsx): the scan's indicators with problems and every
    problem with its evidence; the period is the scan's 监测时间点."""
    day = report.monitoring_date.isoformat()
    indicators = tuple(RecordIndicator(r.kind_label, r.title, r.status, r.points_lost, r.finding_count)
                       for r in report.indicators if r.finding_count or not r.passed)
    findings = tuple(RecordFinding(p.label, p.message, p.url, "未解决", report.scan_started_text,
                                   report.scan_started_text, p.evidence, p.fix, p.count)
                     for group in report.problem_groups for p in group.problems)
    vetoes = tuple(r.title for r in report.indicators if r.kind == "veto" and not r.passed)
    return SiteRecord(report.title, report.site.name, report.site.home_url, report.site.unit,
                      report.site.site_id_code, report.site.kind_label, report.site.level, day,
                      f"{day} 监测", report.scan_started_text, report.verdict, report.total, vetoes, indicators,
                      findings, report.generator)
