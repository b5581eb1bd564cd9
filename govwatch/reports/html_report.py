"""``report.html``: a self-contained Chinese page (inline CSS, no script, no external resource) rendered
with Jinja2 from ``templates/report.html.j2``. Autoescape is on for every value: evidence copied from a
site (``<script>`` in an anchor text …) shows as text. URLs are shown as text, never as ``href``/``src``,
so opening the report loads nothing from anywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from govwatch.reports.labels import num
from govwatch.reports.model import Report

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
    return env


def render_html(report: Report) -> str:
    """The report.html text. Raises jinja2 errors only for a broken template (a bug, not bad data)."""
    return _environment().get_template("report.html.j2").render(r=report)


def write_html(report: Report, path: Path) -> Path:
    """Write report.html (UTF-8) to ``path``; returns ``path``. Raises OSError if it cannot be written."""
    path.write_text(render_html(report), encoding="utf-8")
    return path
