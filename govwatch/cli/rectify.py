"""``govwatch rectify list|overdue|recheck N``: 整改通知 from the console (issue #4 §3).

``list [--status open|responded|rechecking|closed|escalated]`` prints the notices; ``overdue`` those past
their deadline and not closed (exit 1 when there are any, so a cron job can alert); ``recheck N`` runs the
复查 of notice id N now (re-scans its affected pages) and prints each item's result. The console acts as
the bureau (recorded as 命令行 in the history and audit log). Exit 0 done, 1 overdue notices exist,
2 bad usage (no such notice, already closed or rechecking).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from govwatch.services import platform

ORDER = 46  # position in govwatch --help (cli/commands.py)
STATUSES = {"open": "待整改", "responded": "已反馈", "rechecking": "复查中", "closed": "已办结", "escalated": "已升级"}


def add_parser(subparsers: Any) -> None:
    """Add ``rectify`` with ``list``, ``overdue`` and ``recheck``."""
    rectify = subparsers.add_parser("rectify", help="整改通知：列表、逾期清单、复查")
    sub = rectify.add_subparsers(dest="rectify_command", required=True, metavar="操作")
    lst = sub.add_parser("list", help="列出整改通知")
    lst.add_argument("--status", choices=sorted(STATUSES), help="只列出某一状态：" +
                     "，".join(f"{k} {v}" for k, v in STATUSES.items()))
    lst.set_defaults(func=run_list)
    over = sub.add_parser("overdue", help="列出已过整改期限仍未办结的通知（有逾期时退出码为 1）")
    over.set_defaults(func=run_overdue)
    re = sub.add_parser("recheck", help="立即复查某一整改通知（重新抓取问题所在页面并逐项判定）")
    re.add_argument("id", type=int, help="整改通知编号（列表第一列）")
    re.set_defaults(func=run_recheck)


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _table(rows: Any, title: str) -> Table:
    from govwatch.services.scores import CHINA_TZ  # dates as the web shows them (Beijing time)

    table = Table("编号", "文号", "主办单位", "下发时间", "截止日期", "已整改/问题数", "状态", title=title)
    for r in rows:
        table.add_row(str(r.pk), r.number, r.unit.name, f"{r.created_at.astimezone(CHINA_TZ):%Y-%m-%d}",
                      f"{r.deadline:%Y-%m-%d}",
                      f"{r.n_fixed}/{r.n_items}", STATUSES.get(r.status, r.status))
    return table


def run_list(args: argparse.Namespace) -> int:
    """Print the notices (optionally one status). 0."""
    platform.migrate()
    from govwatch.services.rectification import pages
    from govwatch.services.rectification.history import CONSOLE

    rows = list(pages.rows(CONSOLE, args.status or ""))
    if not rows:
        print("暂无整改通知。")
        return 0
    _console().print(_table(rows, f"整改通知（{len(rows)} 份）"))
    return 0


def run_overdue(args: argparse.Namespace) -> int:
    """Print the overdue notices. 1 when there are any, else 0."""
    platform.migrate()
    from govwatch.services.rectification import pages
    from govwatch.services.rectification.history import CONSOLE

    rows = list(pages.overdue_rows(CONSOLE))
    if not rows:
        print("没有逾期未办结的整改通知。")
        return 0
    _console().print(_table(rows, f"逾期未办结的整改通知（{len(rows)} 份）"))
    return 1


def run_recheck(args: argparse.Namespace) -> int:
    """复查 one notice now and print each item's outcome. 0 (UsageError → 2 in main)."""
    platform.migrate()
    from govwatch.services.rectification import pages
    from govwatch.services.rectification.history import CONSOLE
    from govwatch.services.rectification.recheck import recheck

    result = recheck(CONSOLE, args.id)
    page = pages.notice_page(CONSOLE, args.id)
    table = Table("网站", "问题", "状态", "复查结果", title=f"{page.rect.number} 复查结果")
    for item in (row.item for row in page.items):
        table.add_row(item.finding.site.name, item.finding.message[:60], item.get_status_display(),
                      f"{item.get_recheck_outcome_display()}：{item.recheck_note}")
    _console().print(table)
    print(result.line)
    return 0
