"""``govwatch ledger sync``, ``govwatch ledger reprints check|list`` and ``govwatch ledger annual`` (issue #8 §4, §5).

``sync [--site …] [--now …]`` reads the sites' column pages and matches their items into the ledger.
``reprints check [--now …]`` reads every active upstream source and the portals' columns now, matches
reprints and turns items overdue (12 hours) into findings and tickets; exit 1 when a source could not be
read. ``reprints list [--status pending|overdue|reprinted]`` prints the watched items. ``annual --year 2026
--out DIR [--site 名称或首页网址]`` computes each portal's 政府网站工作年度报表 and writes docx + xlsx.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from govwatch.cli.scores import parse_now
from govwatch.services import platform

ORDER = 72
STATUSES = {"pending": "待转载", "overdue": "超时未转载", "reprinted": "已转载"}


def add_parser(subparsers: Any) -> None:
    """Add ``ledger`` with ``reprints check|list`` and ``annual``."""
    ledger = subparsers.add_parser("ledger", help="信息发布台账：转载监测（协同联动）与政府网站工作年度报表")
    sub = ledger.add_subparsers(dest="ledger_command", required=True, metavar="操作")
    reprints = sub.add_parser("reprints", help="转载监测：检查上级来源并核对门户网站是否按时转载")
    rsub = reprints.add_subparsers(dest="reprints_command", required=True, metavar="操作")
    check = rsub.add_parser("check", help="立即检查所有启用的来源，超过时限未转载的生成问题和工单")
    check.add_argument("--now", help="检查时间点（北京时间）YYYY-MM-DD 或 YYYY-MM-DDTHH:MM；默认现在")
    check.set_defaults(func=run_check)
    lst = rsub.add_parser("list", help="列出上级重要信息及其转载状态")
    lst.add_argument("--status", choices=sorted(STATUSES), help="只列出某一状态：" + "，".join(
        f"{k} {v}" for k, v in STATUSES.items()))
    lst.set_defaults(func=run_list)
    sync = sub.add_parser("sync", help="读取网站各栏目列表页，把已发布信息匹配进台账")
    sync.add_argument("--site", default="", help="网站名称或首页网址（默认所有监测中的门户网站）")
    sync.add_argument("--now", help="时间点（北京时间）YYYY-MM-DD 或 YYYY-MM-DDTHH:MM；默认现在")
    sync.set_defaults(func=run_sync)
    annual = sub.add_parser("annual", help="统计并导出政府网站工作年度报表（Word 与 Excel）")
    annual.add_argument("--year", type=int, required=True, help="年度，如 2026")
    annual.add_argument("--out", type=Path, required=True, help="输出目录")
    annual.add_argument("--site", default="", help="网站名称或首页网址（默认所有监测中的门户网站）")
    annual.set_defaults(func=run_annual)


def _system() -> Any:
    from govwatch.services.access import ADMIN, Actor

    return Actor(None, "命令行", ADMIN)


def run_check(args: argparse.Namespace) -> int:
    """Check all sources now; 0 when every source was read, 1 otherwise."""
    platform.migrate()
    from govwatch.core.clock import utcnow
    from govwatch.services.ledger.reprints import check_all

    results, raised = check_all(parse_now(args.now) or utcnow())
    for r in results:
        state = f"无法读取：{r.error}" if r.error else f"新增重要信息 {r.seen} 条，确认已转载 {r.matched} 条"
        print(f"{r.source}：{state}；门户网站新增台账 {r.ledger} 条")
    print(f"共检查来源 {len(results)} 个，超过时限未转载 {raised} 条（已生成问题和工单）")
    return 1 if any(r.error for r in results) else 0


def run_list(args: argparse.Namespace) -> int:
    """Print the watched items (newest first, at most 200). 0."""
    platform.migrate()
    from govwatch.core.clock import CHINA_TZ, utcnow
    from govwatch.services.ledger.watchlist import time_left, visible_items

    now = utcnow()
    table = Table("标题", "来源", "状态", "截止时间", "剩余时间", title="上级重要信息转载情况")
    for item in visible_items(_system(), args.status or "")[:200]:
        table.add_row(item.title, item.source.name, item.get_status_display(),
                      item.due_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"), time_left(item, now))
    Console(width=200).print(table)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    """Match the selected sites' column items into the ledger; 1 when a column could not be read."""
    platform.migrate()
    from govwatch.core.clock import utcnow
    from govwatch.services.ledger.annual import find_sites
    from govwatch.services.ledger.sync import sync_site

    now, failed = parse_now(args.now) or utcnow(), False
    for site in find_sites(_system(), args.site):
        r = sync_site(site, now)
        print(f"{r.site}：读取栏目 {r.read}/{r.columns} 个，台账新增 {r.added} 条")
        for error in r.errors:
            print(f"  无法读取 {error}")
        failed = failed or bool(r.errors)
    return 1 if failed else 0


def run_annual(args: argparse.Namespace) -> int:
    """Compute and write each selected site's annual report; prints the files. 0 (UsageError → 2)."""
    platform.migrate()
    from govwatch.cli.validate import prepare_out_dir
    from govwatch.services.ledger import annual

    out = prepare_out_dir(args.out)
    actor = _system()
    for site in annual.find_sites(actor, args.site):
        report = annual.refresh_report(actor, site.pk, args.year)
        files = annual.write_files(report, out)
        pending = annual.annual_form(report).pending
        print(f"{site.name}：{files['docx']}、{files['xlsx']}（待人工填报 {pending} 项）")
    return 0
