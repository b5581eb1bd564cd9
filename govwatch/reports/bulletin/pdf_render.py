"""The bulletin (and the stored-site 监测报告) as PDF: Jinja2 HTML → WeasyPrint.

Fonts come from fontconfig by family name: Noto Serif CJK SC for body text (宋体-like), Noto Sans CJK SC for
headings and tables' header cells (黑体-like), both from Debian's fonts-noto-cjk. Pages are A4 with the
page number (— n —) centred at the foot (``templates/print.css``). Charts are inlined as data: URIs, so
rendering fetches nothing.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from govwatch.reports.bulletin import tables as t
from govwatch.reports.bulletin.model import Bulletin

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """The Jinja2 environment of the print templates (autoescape on: site text may hold markup)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def print_css() -> str:
    """The shared print stylesheet (A4 @page with page numbers, CJK font families)."""
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


def data_uri(png: bytes) -> str:
    """PNG bytes as a ``data:image/png;base64,…`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def bulletin_html(b: Bulletin, charts: dict[str, bytes]) -> str:
    """The bulletin's print HTML (UTF-8 text)."""
    tabs: dict[str, Any] = {name: getattr(t, name)(b) for name in
                            ("ranking", "failing", "by_indicator", "by_unit", "rectification", "media", "trend")}
    return environment().get_template("bulletin.html.j2").render(
        b=b, t=tabs, css=print_css(), charts={k: data_uri(v) for k, v in charts.items()})


def write_pdf_html(html: str, path: Path) -> Path:
    """Render ``html`` with WeasyPrint to ``path``; returns it. Raises OSError when it cannot be written."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s, only PDF writers need it

    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(str(path))
    return path


def write_bulletin_pdf(b: Bulletin, charts: dict[str, bytes], path: Path) -> Path:
    """Write the bulletin's PDF to ``path``; returns it. Raises OSError when it cannot be written."""
    return write_pdf_html(bulletin_html(b, charts), path)
