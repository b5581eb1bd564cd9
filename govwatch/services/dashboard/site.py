"""A site's page (issue #4 §1): score and verdict per indicator with the findings behind each lost point,
open findings with readable evidence, homepage probes per day, scan history, columns and the report files
of its runs. A site outside the actor's scope is NotFound (the view answers 404)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.services.access import Actor
from govwatch.services.dashboard.common import NotFound, indicator_of, period_title, quarter_of, require_fleet
from govwatch.services.dashboard.evidence import Line, readable
from govwatch.storage import dashboard_queries as q
from govwatch.storage.models import AccountFinding, Column, Finding, ScanRun, Score, Site

OPEN_LIMIT = 200
RUN_LIMIT = 20
REPORT_SUFFIXES = (".html", ".pdf", ".docx", ".xlsx", ".json", ".csv", ".md", ".txt")
COLUMN_TYPES = {"news": "动态要闻", "notice": "通知公告", "policy": "政策文件", "interpretation": "政策解读",
                "personnel": "人事信息", "plan": "规划计划", "statistics": "统计数据", "overview": "概况信息",
                "interaction": "互动交流", "service": "办事服务", "other": "其他"}
KIND_LABELS = {"veto": "单项否决", "deduct": "扣分", "bonus": "加分", "info": "提示"}


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of the site's score: passed or not, points lost/gained and the findings behind them
    (``findings``: dicts with id, code, url, count, points)."""

    id: str
    title: str
    kind: str
    kind_label: str
    passed: bool
    evaluated: bool
    points_lost: float
    points_gained: float
    max_points: float
    findings: list[dict[str, Any]]
    more: int


@dataclass(frozen=True)
class FindingView:
    """An open finding as the page shows it: the row, its indicator title and readable evidence."""

    finding: Finding | AccountFinding
    indicator: str
    evidence: list[Line]


@dataclass(frozen=True)
class RunView:
    """A scan run of the site's history with its report files (names inside its report folder)."""

    run: ScanRun
    pages: int | None
    findings: int | None
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SitePage:
    """Everything the site page shows; ``probe_days`` one DayTally per day, oldest first."""

    site: Site
    score: Score | None
    period_title: str
    indicators: list[IndicatorLine]
    history: list[tuple[str, str, float | None]]
    open_findings: list[FindingView]
    open_total: int
    probe_days: list[q.DayTally]
    runs: list[RunView]
    columns: list[tuple[Column, str]]

    @property
    def failed_indicators(self) -> int:
        """Indicators that failed or cost points."""
        return sum(1 for i in self.indicators if not i.passed or i.points_lost)


def visible_site(actor: Actor, site_id: int) -> Site:
    """The site if the actor may see it, else NotFound (also for proofreaders/outsiders: AccessDenied)."""
    require_fleet(actor)
    site = actor.sites().select_related("unit", "parent").filter(id=site_id).first()
    if site is None:
        raise NotFound("没有这个网站，或您无权查看")
    return site


def site_page(actor: Actor, site_id: int, days: int = 7, now: datetime | None = None) -> SitePage:
    """The page of site ``site_id`` with ``days`` (7 or 30) of probe history up to ``now``."""
    site = visible_site(actor, site_id)
    now = now or utcnow()
    scores = actor.scope(Score.objects.all(), "site__unit_id")
    score = q.site_score(scores, site.id, quarter_of(now))
    findings = actor.findings()
    first = now.astimezone(CHINA_TZ).date() - timedelta(days=days - 1)
    return SitePage(
        site=site, score=score, period_title=period_title(score.period) if score else "",
        indicators=indicator_lines(score.detail if score else {}), history=q.site_score_history(scores, site.id),
        open_findings=[finding_view(f) for f in q.open_findings_of(findings, site.id, OPEN_LIMIT)],
        open_total=findings.filter(site_id=site.id, status=Finding.Status.OPEN).count(),
        probe_days=q.site_daily_probes(site, first, days), runs=_runs(site),
        columns=[(c, COLUMN_TYPES.get(c.type, c.type)) for c in site.columns.order_by("type", "name")])


def finding_view(finding: Finding | AccountFinding) -> FindingView:
    """The finding with its indicator's title and readable evidence."""
    ref = indicator_of(finding.code)
    return FindingView(finding, ref.title if ref else finding.code, readable(finding.evidence))


def indicator_lines(detail: dict[str, Any]) -> list[IndicatorLine]:
    """Score.detail's indicators: failed ones first (vetoes, then most points lost), then the rest."""
    lines = [IndicatorLine(i.get("id", ""), i.get("title", ""), i.get("kind", ""),
                           KIND_LABELS.get(i.get("kind", ""), ""), bool(i.get("passed")), bool(i.get("evaluated", True)),
                           float(i.get("points_lost") or 0), float(i.get("points_gained") or 0),
                           float(i.get("max_points") or 0), list(i.get("findings") or []),
                           len(i.get("more_ids") or []))
             for i in (detail or {}).get("indicators", [])]
    return sorted(lines, key=lambda x: (x.passed, x.kind != "veto", -x.points_lost, x.id))


def _runs(site: Site) -> list[RunView]:
    out = []
    for run in ScanRun.objects.filter(site_id=site.id).order_by("-created_at", "-id")[:RUN_LIMIT]:
        stats = run.stats or {}
        out.append(RunView(run, stats.get("pages"), stats.get("findings"), report_files(run)))
    return out


def report_files(run: ScanRun) -> list[str]:
    """Names of the report files stored in the run's report folder (none when it is gone)."""
    if not run.report_dir:
        return []
    folder = Path(run.report_dir)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def report_file(actor: Actor, run_id: int, name: str) -> tuple[ScanRun, Path]:
    """The run (of a site the actor may see) and the path of its report file ``name``; NotFound when
    the run is out of scope or the file is not one of its listed report files (no path tricks)."""
    require_fleet(actor)
    run = ScanRun.objects.filter(id=run_id, site__in=actor.sites()).select_related("site").first()
    if run is None or name not in report_files(run):
        raise NotFound("没有这个报告文件，或您无权查看")
    return run, Path(run.report_dir) / name
