"""``report.json``: the machine-readable report — site, time, rulebook, verdict, score and every finding
with its evidence, verbatim. Dates and times ISO 8601, keys sorted, UTF-8 (Chinese unescaped).

Schema ``govwatch.report/1``: each entry of ``findings`` holds the ``core.models.Finding`` fields
(code, target, url, message, evidence, fix, count) plus ``label`` and ``indicators`` (ids that counted it),
so ``Finding(**{k: e[k] for k in Finding fields})`` rebuilds the finding.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from govwatch.reports.model import FindingEntry, Report

SCHEMA = "govwatch.report/1"


def plain(value: Any) -> Any:
    """Any report value → JSON-ready data: dataclasses and mappings → dicts, sequences → lists,
    dates ISO, enums their value; anything else unknown → ``str``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _finding(entry: FindingEntry) -> dict[str, Any]:
    data = plain(entry.finding)
    data.update(label=entry.label, indicators=list(entry.indicator_ids))
    return dict(data)


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as the JSON document's dict (see module docstring for the schema)."""
    return {
        "schema": SCHEMA,
        "generator": report.generator,
        "title": report.title,
        "site": plain(report.site),
        "monitoring_date": report.monitoring_date.isoformat(),
        "scan": {"started_at": report.scan_started.isoformat(), "finished_at": report.scan_finished.isoformat(),
                 "seconds": report.duration_seconds},
        "rulebook": plain(report.rulebook),
        "verdict": report.verdict,
        "score": {
            "vetoed": report.vetoed, "scored": report.scored, "deduction_score": report.deduction_score,
            "bonus": report.bonus, "bonus_counted": report.bonus_counted, "total": report.total,
            "pass_score": report.pass_score, "bonus_threshold": report.bonus_threshold,
            "reasons": list(report.reasons),
        },
        "indicators": plain(report.indicators),
        "findings": [_finding(e) for e in report.findings],
        "columns": plain(report.columns),
        "links": plain(report.links),
        "identity": plain(report.identity),
        "notes": list(report.notes),
    }


def render_json(report: Report) -> str:
    """The report.json text: indented, keys sorted, non-ASCII kept."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_json(report: Report, path: Path) -> Path:
    """Write report.json to ``path`` (UTF-8); returns ``path``. Raises OSError if it cannot be written."""
    path.write_text(render_json(report), encoding="utf-8")
    return path
