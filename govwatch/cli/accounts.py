"""``govwatch accounts collect|report|patrols``: new-media accounts (政务新媒体, issue #5).

``collect [--due|--all|--account ID] [--now …]`` collects and checks accounts (default: the patrols that
are due, claimed by compare-and-set so it is safe beside ``govwatch serve`` and Celery), one Chinese line
per account, exit 0; ``report --month 2026-11|--quarter 2026Q4 --out DIR`` writes the monitoring report
(docx, xlsx, problem summary text) and prints the summary, exit 0; ``patrols [--overdue]`` lists the
patrols (巡检计划) with their deadlines, exit 0 (1 with ``--overdue`` when some are overdue).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govwatch.cli.scores import parse_now

NOW_HELP = "监测时间点（北京时间）YYYY-MM-DD（当天结束时）或 YYYY-MM-DDTHH:MM；默认现在"


def add_parser(subparsers: Any) -> None:
    """Add ``accounts`` with its ``collect``, ``report`` and ``patrols`` subcommands."""
    accounts = subparsers.add_parser("accounts", help="政务新媒体账号：采集检查、监测报告、巡检计划")
    sub = accounts.add_subparsers(dest="accounts_command", required=True, metavar="操作")
    collect = sub.add_parser("collect", help="采集并检查账号（默认只处理到期的巡检）")
    which = collect.add_mutually_exclusive_group()
    which.add_argument("--due", action="store_true", help="只处理到期的巡检（默认）")
    which.add_argument("--all", action="store_true", help="处理所有监测中的账号")
    which.add_argument("--account", type=int, action="append", metavar="ID", help="只处理指定账号（可重复）")
    collect.add_argument("--now", help=NOW_HELP)
    collect.set_defaults(func=run_collect)
    report = sub.add_parser("report", help="生成月度或季度政务新媒体监测报告（docx、xlsx、问题摘要）")
    period = report.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", help="月份，如 2026-11")
    period.add_argument("--quarter", help="季度，如 2026Q4")
    report.add_argument("--out", type=Path, required=True, help="输出目录")
    report.add_argument("--now", help=NOW_HELP)
    report.set_defaults(func=run_report)
    patrols = sub.add_parser("patrols", help="列出巡检计划（--overdue 只列出逾期的）")
    patrols.add_argument("--overdue", action="store_true", help="只列出逾期未巡检的账号")
    patrols.add_argument("--now", help=NOW_HELP)
    patrols.set_defaults(func=run_patrols)


def _platform() -> None:
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


def outcome_line(outcome: Any) -> str:
    """One Chinese line for an account's collection (an ``AccountOutcome``)."""
    if not outcome.ok:
        return f"采集失败：「{outcome.name}」（{outcome.error_kind}）{outcome.error_message}；结论 {outcome.verdict}"
    f = outcome.findings
    return (f"采集完成：「{outcome.name}」信息 {outcome.posts} 条（新增 {outcome.posts_new}），结论 {outcome.verdict}，"
            f"问题 {f.findings} 条（新增 {f.new}，已解决 {f.resolved}）")


def run_collect(args: argparse.Namespace) -> int:
    """Handler of ``accounts collect``; returns 0 (failed collections are findings, not errors)."""
    _platform()
    from govwatch.services.errors import UsageError
    from govwatch.services.newmedia import collect_accounts, run_due_patrols
    from govwatch.services.proofreading import newmedia as proofread_posts
    from govwatch.storage.account_queries import accounts

    proofread_posts.install()  # posts are proofread here as under `govwatch serve` and the workers
    now = parse_now(args.now)
    if args.all or args.account:
        rows = accounts(args.account) if args.account else accounts()
        if args.account and len(rows) != len(set(args.account)):
            raise UsageError(f"找不到监测中的账号：{sorted(set(args.account) - {a.pk for a in rows})}")
        outcomes = collect_accounts(rows, now)
    else:
        outcomes = list(run_due_patrols(now).outcomes)
    for outcome in outcomes:
        print(outcome_line(outcome), flush=True)
    if not outcomes:
        print("当前没有需要采集的账号。")
        return 0
    failed = sum(not o.ok for o in outcomes)
    vetoed = sum(o.verdict == "不合格" for o in outcomes)
    print(f"本次共采集 {len(outcomes)} 个账号：采集失败 {failed} 个，不合格 {vetoed} 个。")
    return 0


def run_report(args: argparse.Namespace) -> int:
    """Handler of ``accounts report``; writes the files and prints the summary; returns 0."""
    _platform()
    from govwatch.services.newmedia.report import write_newmedia_report

    files = write_newmedia_report(args.month or args.quarter, args.out, parse_now(args.now))
    print(files.summary.read_text(encoding="utf-8"), end="")
    print(f"\n已生成：{files.docx.resolve()}\n        {files.xlsx.resolve()}\n        {files.summary.resolve()}")
    return 0


def run_patrols(args: argparse.Namespace) -> int:
    """Handler of ``accounts patrols``; 1 with ``--overdue`` when some are overdue, else 0."""
    _platform()
    from govwatch.core.clock import CHINA_TZ, utcnow
    from govwatch.services.newmedia import overdue_patrols
    from govwatch.storage.patrol_queries import all_patrols

    now = parse_now(args.now) or utcnow()
    rows = overdue_patrols(now) if args.overdue else all_patrols()
    if not rows:
        print("没有逾期的巡检。" if args.overdue else "还没有巡检计划（请先导入新媒体账号名录）。")
        return 0
    for p in rows:
        late = (now - p.due_at).total_seconds() / 86400
        state = f"逾期 {late:.1f} 天" if late > 0 else "未到期"
        done = p.last_done_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if p.last_done_at else "从未完成"
        print(f"{p.account.name}（{p.account.unit.name}，{p.account.get_platform_display()}）每 {p.cadence_days:g} 天："
              f"截止 {p.due_at.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}，{state}，上次完成 {done}")
    if args.overdue:
        print(f"共 {len(rows)} 个账号巡检逾期。", file=sys.stderr)
        return 1
    return 0


ORDER = 20  # position in govwatch --help (cli/commands.py)
