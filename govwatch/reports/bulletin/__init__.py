"""The quarterly 通报 (bulletin): a pure model (``model``) and its renderers — docx (official-document look),
pdf (WeasyPrint) and xlsx (openpyxl) — plus the charts (matplotlib PNG). No Django, no storage: the services
layer builds the ``Bulletin`` and calls ``write_bulletin``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from govwatch.reports.bulletin.charts import problem_chart, trend_chart
from govwatch.reports.bulletin.docx_render import write_bulletin_docx
from govwatch.reports.bulletin.model import Bulletin
from govwatch.reports.bulletin.pdf_render import write_bulletin_pdf
from govwatch.reports.bulletin.xlsx_render import write_bulletin_xlsx

__all__ = ["FORMATS", "Bulletin", "Progress", "write_bulletin"]

FORMATS = ("docx", "pdf", "xlsx")

Progress = Callable[[int, str], None]
"""(percent 0–100, Chinese stage text) — called as each file is written."""


def _quiet(percent: int, stage: str) -> None:
    """Default progress callback: says nothing."""


def write_bulletin(b: Bulletin, out_dir: Path, stem: str = "通报", progress: Progress = _quiet,
                   start: int = 0) -> dict[str, Path]:
    """Draw the charts and write ``{stem}.docx``, ``.pdf`` and ``.xlsx`` into ``out_dir`` (created with
    parents). ``progress`` receives percents from ``start`` to 100. Returns {'docx': path, 'pdf': …,
    'xlsx': …}. Raises OSError when the folder or a file cannot be written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    span = 100 - start

    def step(fraction: float, stage: str) -> None:
        progress(start + round(span * fraction), stage)

    step(0.0, "正在绘制图表")
    charts = {"trend": trend_chart(b.trend), "problems": problem_chart(b.by_indicator)}
    step(0.2, "正在生成 Word 文档")
    files = {"docx": write_bulletin_docx(b, charts, out_dir / f"{stem}.docx")}
    step(0.4, "正在生成 PDF 文档")
    files["pdf"] = write_bulletin_pdf(b, charts, out_dir / f"{stem}.pdf")
    step(0.85, "正在生成 Excel 表格")
    files["xlsx"] = write_bulletin_xlsx(b, out_dir / f"{stem}.xlsx")
    return files
