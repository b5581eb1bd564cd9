"""Use case: the monthly or quarterly new-media monitoring report (issue #5 §4) from stored posts,
collection runs and account findings: ``新媒体监测报告-<period>.docx``, ``.xlsx`` and the problem summary
``.txt`` for the work group message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.reports.newmedia_docx import write_newmedia_docx
from govwatch.reports.newmedia_model import AccountFacts, NewMediaReport, ProblemFacts, build_newmedia_report
from govwatch.reports.newmedia_text import problem_summary
from govwatch.reports.newmedia_xlsx import write_newmedia_xlsx
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.scoring.period import parse_period
from govwatch.storage import account_queries


@dataclass(frozen=True)
class ReportFiles:
    """The report and where it was written: ``docx``, ``xlsx``, ``summary`` (.txt) paths."""

    report: NewMediaReport
    docx: Path
    xlsx: Path
    summary: Path


def newmedia_report(period: str, now: datetime | None = None, rulebook: Rulebook | None = None) -> NewMediaReport:
    """The report of ``period`` ('2026-11' month or '2026Q4' quarter; UsageError otherwise) over every
    active account, generated at ``now`` (default the current time)."""
    span = parse_period(period)
    rulebook = rulebook or default_rulebook()
    posts = account_queries.post_counts(span.start, span.end)
    runs = account_queries.run_stats(span.start, span.end)
    facts = []
    for a in account_queries.accounts():
        count, latest = posts.get(a.pk, (0, None))
        total, ok, error = runs.get(a.pk, (0, 0, ""))
        facts.append(AccountFacts(a.pk, a.name, a.platform, a.unit.name, a.level, latest, count, total, ok, error))
    ids = {f.id for f in facts}
    problems = [ProblemFacts(f.account_id, f.code, f.message, f.url, f.evidence or {}, f.fix, f.first_seen,
                             f.last_seen, f.resolved_at is not None and f.resolved_at < span.end)
                for f in account_queries.findings_in_period(span.start, span.end) if f.account_id in ids]
    generated = (now or utcnow()).astimezone(CHINA_TZ)
    return build_newmedia_report(span, facts, problems, rulebook, generated)


def write_newmedia_report(period: str, out_dir: Path | str, now: datetime | None = None) -> ReportFiles:
    """Build the report of ``period`` and write its docx, xlsx and summary text into ``out_dir``
    (created if missing). Raises OSError when a file cannot be written."""
    report = newmedia_report(period, now)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"新媒体监测报告-{report.period.label}"
    summary = out / f"{stem}-问题摘要.txt"
    summary.write_text(problem_summary(report), encoding="utf-8")
    return ReportFiles(report, write_newmedia_docx(report, out / f"{stem}.docx"),
                       write_newmedia_xlsx(report, out / f"{stem}.xlsx"), summary)
