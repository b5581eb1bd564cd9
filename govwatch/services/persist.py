"""Use case ``record_scan``: store one scan's outcome and keep findings across runs (issue #3 §5).

- Findings are upserted by fingerprint (``govwatch.core.fingerprint``): first/last seen, last run, the
  distinct days (Asia/Shanghai) they were seen, count, message and evidence refreshed. Recording the
  same scan twice changes nothing more.
- A *complete* scan (kind full or recheck) resolves the open findings it no longer finds, unless it
  could not judge them: the homepage could not be fetched, or the check that produces them raised
  (``check.error``). An incremental scan never resolves anything. A resolved finding seen again reopens.
- Dead links (``links.dead_home``, ``links.dead_inner``) are 疑似不可用 (``suspected``) while seen on one
  day only and 确定不可用 (``confirmed``) once seen on another day; evidence ``days_unavailable`` counts
  the calendar days from the first to the last sighting of the current open spell (inclusive) and
  ``unavailable_since`` gives its first day.
- The site's Column rows follow ``outcome.facts.columns`` (discovered/declared, newest item date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.fingerprint import finding_fingerprint
from govwatch.core.models import Finding as CoreFinding
from govwatch.core.score import Score
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.services.scan import ScanOutcome
from govwatch.storage import run_queries
from govwatch.storage.models import Finding, ScanRun

DEAD_LINK_CODES = frozenset({"links.dead_home", "links.dead_inner"})
CHECK_ERROR = "check.error"


@dataclass(frozen=True)
class RecordResult:
    """What recording one scan changed: distinct ``findings`` seen, how many were ``new``, ``reopened``
    or ``resolved``; ``resolution`` says why nothing was resolved ('' when resolution ran)."""

    findings: int
    new: int
    reopened: int
    resolved: int
    resolution: str = ""


def china_day(moment: datetime) -> date:
    """The calendar date of ``moment`` in Asia/Shanghai (government pages and supervisors' days)."""
    return moment.astimezone(CHINA_TZ).date()


def add_day(days: Iterable[str], day: date) -> list[str]:
    """ISO dates ``days`` plus ``day``, sorted and without repeats."""
    return sorted(set(days) | {day.isoformat()})


def dead_link_state(days_seen: Iterable[str], since: date, last: date) -> tuple[str, int]:
    """(certainty, days unavailable) of a dead link seen on ``days_seen`` in an open spell starting
    ``since``: 'suspected' while seen on one day only, 'confirmed' once seen on another day; the days
    count from ``since`` to ``last`` inclusive (seen on 05-01 and 05-03 → 3 days)."""
    spell = {d for d in days_seen if d >= since.isoformat()}
    return ("confirmed" if len(spell) >= 2 else "suspected"), (last - since).days + 1


def merged_findings(home_url: str, findings: Iterable[CoreFinding]) -> dict[str, CoreFinding]:
    """Findings by fingerprint; two findings with one fingerprint in one scan become one (counts added)."""
    out: dict[str, CoreFinding] = {}
    for f in findings:
        fp = finding_fingerprint(home_url, f)
        if fp in out:
            first = out[fp]
            out[fp] = CoreFinding(first.code, first.target, first.url, first.message, first.evidence, first.fix,
                                  first.count + f.count)
        else:
            out[fp] = f
    return out


def unjudged_codes(findings: Iterable[CoreFinding], rulebook: Rulebook, score: Score | None = None) -> set[str]:
    """Codes this scan could not judge: those of every check that raised (a ``check.error`` finding) and,
    given the scan's ``score``, those of indicators whose check was not part of the scan (browser and
    security checks of a scan run without them; availability) — unless another indicator sharing the
    code did run. A scan must not close what it did not look at."""
    failed = {str(f.evidence.get("check", "")) for f in findings if f.code == CHECK_ERROR}
    keep = {code for ind in rulebook.indicators if ind.check in failed for code in ind.codes}
    if score is None:
        return keep
    by_id = {ind.id: ind for ind in rulebook.indicators}
    ran = {r.indicator_id for r in score.results if r.ran}
    judged = {code for i in ran if i in by_id for code in by_id[i].codes}
    not_run = {code for r in score.results if not r.ran and r.indicator_id in by_id
               for code in by_id[r.indicator_id].codes}
    return keep | (not_run - judged)


def _resolution_blocker(run: ScanRun, outcome: ScanOutcome) -> str:
    if not run.complete:
        return "增量扫描不自动关闭问题"
    home = outcome.crawl.home
    if home is None or not home.fetch.ok:
        return "首页无法访问，本次不自动关闭问题"
    return ""


def _evidence(f: CoreFinding, row: Finding | None, day: date, reopened: bool) -> tuple[dict[str, Any], str]:
    evidence: dict[str, Any] = dict(f.evidence)
    if f.code not in DEAD_LINK_CODES:
        return evidence, ""
    since = day
    if row is not None and not reopened:
        old = (row.evidence or {}).get("unavailable_since")
        since = date.fromisoformat(old) if isinstance(old, str) else china_day(row.first_seen)
    days = add_day(row.days_seen if row is not None else (), day)
    certainty, span = dead_link_state(days, since, max(day, since))
    evidence.update(unavailable_since=since.isoformat(), days_unavailable=span, certainty=certainty)
    return evidence, certainty


def _fields(f: CoreFinding, rulebook: Rulebook) -> dict[str, Any]:
    return {"code": f.code[:80], "url": f.url[:1000], "message": f.message, "fix": f.fix, "count": f.count,
            "indicators": [ind.id for ind in rulebook.for_code(f.code)]}


def _new_row(run: ScanRun, fp: str, f: CoreFinding, now: datetime, rulebook: Rulebook) -> Finding:
    day = china_day(now)
    evidence, certainty = _evidence(f, None, day, False)
    return Finding(site_id=run.site_id, fingerprint=fp, evidence=evidence, certainty=certainty,
                   status=Finding.Status.OPEN, first_seen=now, last_seen=now, first_run=run, last_run=run,
                   days_seen=[day.isoformat()], **_fields(f, rulebook))


def _refresh(row: Finding, run: ScanRun, f: CoreFinding, now: datetime, rulebook: Rulebook) -> bool:
    """Update ``row`` from this scan's sighting; True when it was resolved and reopens."""
    day = china_day(now)
    reopened = row.status == Finding.Status.RESOLVED
    row.evidence, row.certainty = _evidence(f, row, day, reopened)
    for name, value in _fields(f, rulebook).items():
        setattr(row, name, value)
    row.days_seen = add_day(row.days_seen or (), day)
    row.last_seen, row.last_run = max(row.last_seen, now), run
    row.status, row.resolved_at = Finding.Status.OPEN, None
    return reopened


def _stats(outcome: ScanOutcome, result: RecordResult) -> dict[str, Any]:
    crawl, score = outcome.crawl.stats, outcome.score
    home = outcome.crawl.home
    return {
        "pages": crawl.pages, "urls_checked": crawl.urls_checked, "bytes": crawl.bytes,
        "seconds": round(crawl.seconds, 2), "limit_reached": crawl.limit_reached,
        "home_ok": bool(home is not None and home.fetch.ok), "findings": result.findings, "new": result.new,
        "reopened": result.reopened, "resolved": result.resolved, "resolution": result.resolution or "已执行",
        "vetoed": score.vetoed, "deduction_score": score.deduction_score, "bonus": score.bonus,
        "reasons": list(score.reasons), "columns": len(outcome.facts.columns),
    }


def _column_facts(outcome: ScanOutcome) -> list[run_queries.ColumnFact]:
    return [run_queries.ColumnFact(c.name, c.url, c.type.value, c.source, c.latest if c.fetched else None)
            for c in outcome.facts.columns]


def _report_dir(files: Mapping[str, Any]) -> str:
    return str(next(iter(files.values())).parent) if files else ""


def record_scan(run: ScanRun, outcome: ScanOutcome, now: datetime | None = None,
                rulebook: Rulebook | None = None) -> RecordResult:
    """Store ``outcome`` as the result of ``run`` (see module docstring) and mark the run done.

    ``now`` (aware datetime, default the current time) is when the findings were seen; ``rulebook``
    (default the bundled national one) maps codes to indicator ids. One transaction, with the site row
    locked on PostgreSQL so two recordings of one site never interleave. Returns what changed.
    """
    now = now or utcnow()
    rulebook = rulebook or default_rulebook()
    seen = merged_findings(run.site.home_url, outcome.findings)
    blocker = _resolution_blocker(run, outcome)
    with transaction.atomic():
        run_queries.lock_site(run.site_id)
        existing = run_queries.findings_by_fingerprint(run.site_id, list(seen))
        new = [_new_row(run, fp, f, now, rulebook) for fp, f in seen.items() if fp not in existing]
        reopened = sum(_refresh(existing[fp], run, f, now, rulebook) for fp, f in seen.items() if fp in existing)
        run_queries.save_findings(new, list(existing.values()))
        resolved = 0 if blocker else run_queries.resolve_missing(
            run.site_id, seen, unjudged_codes(outcome.findings, rulebook, outcome.score), now)
        run_queries.sync_columns(run.site_id, _column_facts(outcome), now)
        result = RecordResult(len(seen), len(new), reopened, resolved, blocker)
        score = outcome.score
        run_queries.finish_run(run.id, now, verdict=score.verdict, total=score.total,
                               rulebook_id=score.rulebook_id, rulebook_version=score.rulebook_version,
                               stats=_stats(outcome, result), report_dir=_report_dir(outcome.files))
    return result
