"""``govwatch scores compute|rank|evaluate``: period scores, the fleet ranking and the yearly 绩效评估.

``compute [--period 2026Q4] [--now …]`` scores every active site and stores the rows (exit 0);
``rank [--period …] [--level 县] [--kind portal]`` prints the ranking per level and kind (exit 1 when the
period has not been computed); ``evaluate --year 2026 [--scheme FILE] [--detail]`` prints the 绩效评估
tables, with ``--detail`` every lost point and the finding it came from.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

KINDS = {"portal": "门户网站", "department": "部门网站"}


def add_parser(subparsers: Any) -> None:
    """Add ``scores`` with its ``compute``, ``rank`` and ``evaluate`` subcommands."""
    scores = subparsers.add_parser("scores", help="按周期计算网站得分、全市排名与年度绩效评估")
    sub = scores.add_subparsers(dest="scores_command", required=True, metavar="操作")
    now_help = "计算时间点（北京时间）YYYY-MM-DD 表示当天结束时，或 YYYY-MM-DDTHH:MM；默认现在"
    compute = sub.add_parser("compute", help="计算所有监测中网站在某周期的得分并保存（重复运行会更新）")
    compute.add_argument("--period", help="周期：2026Q4（季度，默认本季度）、2026-11（月）或 2026（年）")
    compute.add_argument("--now", help=now_help)
    compute.set_defaults(func=run_compute)
    rank = sub.add_parser("rank", help="按级别与网站类型显示某周期的排名")
    rank.add_argument("--period", help="周期（默认本季度）")
    rank.add_argument("--level", choices=["市", "县", "乡镇"], help="只显示某一级别")
    rank.add_argument("--kind", choices=sorted(KINDS), help="只显示门户网站（portal）或部门网站（department）")
    rank.add_argument("--now", help=now_help)
    rank.set_defaults(func=run_rank)
    ev = sub.add_parser("evaluate", help="按绩效评估方案对各单位进行年度评估与排名")
    ev.add_argument("--year", type=int, required=True, help="评估年度，如 2026")
    ev.add_argument("--scheme", help="绩效评估方案文件（YAML），默认内置 evaluation-2026.yaml")
    ev.add_argument("--detail", action="store_true", help="列出每一项扣分及其对应的问题")
    ev.add_argument("--now", help=now_help)
    ev.set_defaults(func=run_evaluate)


def parse_now(value: str | None) -> datetime | None:
    """``YYYY-MM-DD`` (the end of that Beijing day) or an ISO date-time (Beijing time unless it has an
    offset) → aware datetime; None when absent. UsageError when malformed."""
    from govwatch.services.errors import UsageError
    from govwatch.services.scores import CHINA_TZ

    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date() + timedelta(days=1), time(0),
                                    tzinfo=CHINA_TZ) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--now 的格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，收到：{value}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


def _platform() -> None:
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _local(moment: datetime) -> str:
    from govwatch.services.scores import CHINA_TZ

    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def run_compute(args: argparse.Namespace) -> int:
    """Compute and store the period's scores; print a one-paragraph summary."""
    _platform()
    from govwatch.services.scores import compute_period_scores

    s = compute_period_scores(args.period, parse_now(args.now))
    print(f"已计算 {s.period.title}（{s.period.label}，截至 {_local(s.as_of)}）的网站得分：共 {s.sites} 个网站，"
          f"合格 {s.passed} 个，不合格 {s.failed} 个（其中单项否决 {s.vetoed} 个）。指标体系：{s.rulebook}")
    print(f"查看排名：govwatch scores rank --period {s.period.label}")
    return 0


def run_rank(args: argparse.Namespace) -> int:
    """Print the ranking tables, one per level and kind; 1 when nothing is stored for the period."""
    _platform()
    from govwatch.services.scores import fleet_ranking, resolve_period

    period, _ = resolve_period(args.period, parse_now(args.now) or datetime.now().astimezone())
    rows = fleet_ranking(period, args.level, args.kind)
    if not rows:
        print(f"尚无 {period.title}（{period.label}）的得分，请先运行：govwatch scores compute --period {period.label}",
              file=sys.stderr)
        return 1
    console = _console()
    for group in dict.fromkeys(r.group for r in rows):
        table = Table(title=f"{period.title} {group}排名", title_justify="left")
        for name in ("排名", "网站名称", "主办单位", "结论", "得分", "单项否决"):
            table.add_column(name, justify="right" if name in ("排名", "得分") else "left")
        for r in (r for r in rows if r.group == group):
            total = _points(r.total) if r.total is not None else ("不计分" if r.vetoes else "仅判否决项")
            table.add_row(str(r.rank), r.site, r.unit, r.verdict, total, "、".join(r.vetoes) or "—")
        console.print(table)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    """Print the 绩效评估 tables per group (and with --detail each lost point's finding)."""
    _platform()
    from govwatch.services.scores import evaluate_year

    outcome = evaluate_year(args.year, parse_now(args.now), args.scheme)
    ev, console = outcome.evaluation, _console()
    state = "年度已结束" if outcome.complete else f"年度未结束，截至 {_local(outcome.as_of)}"
    console.print(f"{ev.title}（方案 {ev.scheme_id} {ev.scheme_version}，{state}）")
    if not ev.results:
        console.print("没有可评估的对象（尚无监测中的网站）。")
        return 0
    dims = ev.results[0].dimensions
    for group in ev.groups:
        table = Table(title=f"{group}", title_justify="left")
        table.add_column("排名", justify="right")
        table.add_column("单位" if ev.results[0].subject.key.startswith("unit:") else "网站")
        for d in dims:
            table.add_column(f"{d.title}（{_points(d.weight)}）", justify="right")
        table.add_column("总分", justify="right")
        table.add_column("扣分问题", justify="right")
        for r in (r for r in ev.results if r.group == group):
            used = sum(1 for d in r.dimensions for p in d.lost_points if p.points > 0)
            table.add_row(str(r.rank), r.subject.name, *(_points(d.score) for d in r.dimensions),
                          _points(r.total), str(used))
        console.print(table)
    _notes(console, ev)
    if args.detail:
        _detail(console, ev)
    return 0


def _notes(console: Console, ev: Any) -> None:
    if ev.unevaluated:
        console.print(f"注：{'、'.join(ev.unevaluated)} 尚无对应的检查项，本次未评估、不扣分。")
    if not ev.confirmed:
        console.print("注：本方案为示例，权重与分值未经官方确认（方案文件中标注 confirmed: false）。")


def _detail(console: Console, ev: Any) -> None:
    table = Table(title="扣分明细（每一项扣分对应的问题）", title_justify="left")
    for name in ("单位", "维度", "问题编号", "问题代码", "网站", "网址", "扣分"):
        table.add_column(name, justify="right" if name in ("问题编号", "扣分") else "left")
    for r in ev.results:
        for d in r.dimensions:
            for p in d.lost_points:
                table.add_row(r.subject.name, d.title, str(p.finding_id), p.code, p.site, p.url,
                              _points(p.points) + ("（已达上限）" if p.points == 0 else ""))
    console.print(table)


ORDER = 40  # position in govwatch --help (cli/commands.py)
