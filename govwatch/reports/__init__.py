"""Monitoring reports (监测报告): the pure report model and its renderers (HTML, JSON, DOCX).

``build_report(...)`` assembles a ``Report`` from one scan; ``write_reports(report, out_dir)`` writes
report.html, report.json and report.docx.
"""

from __future__ import annotations

from pathlib import Path

from govwatch.reports.docx_report import write_docx
from govwatch.reports.html_report import write_html
from govwatch.reports.json_report import write_json
from govwatch.reports.model import Report, build_report

__all__ = ["Report", "build_report", "write_reports"]


def write_reports(report: Report, out_dir: Path) -> dict[str, Path]:
    """Write report.html, report.json and report.docx into ``out_dir`` (created with parents if missing).

    Returns {'html': path, 'json': path, 'docx': path}. Raises OSError when the folder or a file cannot
    be written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "html": write_html(report, out_dir / "report.html"),
        "json": write_json(report, out_dir / "report.json"),
        "docx": write_docx(report, out_dir / "report.docx"),
    }
