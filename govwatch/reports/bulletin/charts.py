"""Charts of the bulletin as PNG bytes (matplotlib, Agg canvas, no pyplot state: safe in worker threads).

Chinese text needs a CJK face: ``font.family = "Noto Sans CJK SC"`` (Debian fonts-noto-cjk) selected by
family name — pointing matplotlib at the .ttc file picks its first face, the Japanese one, whose glyphs
differ from the Simplified Chinese forms. DejaVu Sans follows for Latin digits when the CJK face is absent.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from govwatch.reports.bulletin.model import CountRow, TrendPoint

CJK_FAMILY = ["Noto Sans CJK SC", "DejaVu Sans"]
DPI = 150
RED, BLUE, GREY = "#b71c1c", "#1f4e9c", "#888888"

rcParams["font.family"] = CJK_FAMILY
rcParams["axes.unicode_minus"] = False  # the CJK face lacks U+2212


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def trend_chart(points: Sequence[TrendPoint]) -> bytes:
    """合格率 (line, left axis, percent) and mean score (dashed, right axis, points) per quarter, oldest
    first; a quarter without scores shows as a gap. Returns PNG bytes (about 16 × 7 cm at 150 dpi)."""
    fig = Figure(figsize=(6.4, 2.8))
    ax = fig.add_subplot()
    labels = [p.title for p in points] or ["暂无数据"]
    rates = [p.pass_rate if p.sites else float("nan") for p in points] or [float("nan")]
    ax.plot(labels, rates, marker="o", color=RED, label="合格率（%）")
    for x, y in zip(labels, rates, strict=True):
        if y == y:  # not NaN
            ax.annotate(f"{y:.1f}%", (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel("合格率（%）")
    right = ax.twinx()
    means = [p.mean_total if p.mean_total is not None else float("nan") for p in points] or [float("nan")]
    right.plot(labels, means, marker="s", linestyle="--", color=BLUE, label="平均得分")
    right.set_ylim(0, 110)
    right.set_ylabel("平均得分")
    ax.set_title("近四个季度合格率与平均得分趋势", fontsize=11)
    lines = ax.get_lines()[:1] + right.get_lines()[:1]
    ax.legend(lines, [str(line.get_label()) for line in lines], loc="lower left", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    return _png(fig)


def problem_chart(rows: Sequence[CountRow], title: str = "问题数量（按指标）", limit: int = 12) -> bytes:
    """Horizontal bars of the ``limit`` largest counts, largest on top. Returns PNG bytes."""
    shown = sorted(rows, key=lambda r: (-r.count, r.name))[:limit]
    fig = Figure(figsize=(6.4, 0.9 + 0.32 * max(len(shown), 1)))
    ax = fig.add_subplot()
    names = [_short(r.name) for r in reversed(shown)] or ["暂无问题"]
    counts = [r.count for r in reversed(shown)] or [0]
    bars = ax.barh(names, counts, color=RED if shown else GREY)
    ax.bar_label(bars, padding=3, fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("问题数（个）")
    ax.margins(x=0.12)
    ax.tick_params(axis="y", labelsize=8)
    return _png(fig)


def _short(name: str, width: int = 18) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
