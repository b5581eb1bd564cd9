"""``govwatch sites import FILE [--dry-run]`` and ``govwatch sites export FILE [--kind sites|accounts]``.

Import prints 新增/更新/未变 per registry and exits 0, or lists every bad row and exits 2 (nothing is
imported then). Export writes xlsx (both sheets) or csv (one registry, chosen by --kind) and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

KINDS = {"sites": "网站", "accounts": "新媒体账号"}


def add_parser(subparsers: Any) -> None:
    """Add ``sites`` with its ``import`` and ``export`` subcommands."""
    sites = subparsers.add_parser("sites", help="导入或导出网站与政务新媒体账号名录（xlsx / csv）")
    sub = sites.add_subparsers(dest="sites_command", required=True, metavar="操作")
    imp = sub.add_parser("import", help="从 xlsx（工作表“网站”“新媒体账号”）或 csv 导入名录；有错误行时不导入任何数据")
    imp.add_argument("file", type=Path, help="名录文件（.xlsx 或 .csv）")
    imp.add_argument("--dry-run", action="store_true", help="只校验并统计，不写入数据库")
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export", help="把名录导出为 xlsx（两个工作表）或 csv（用 --kind 指定一种）")
    exp.add_argument("file", type=Path, help="输出文件（.xlsx 或 .csv）")
    exp.add_argument("--kind", choices=sorted(KINDS), help="只导出 sites（网站）或 accounts（新媒体账号）；csv 必填")
    exp.set_defaults(func=run_export)


def _platform() -> None:
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


def run_import(args: argparse.Namespace) -> int:
    """Import ``args.file``; 0 when imported (or, with --dry-run, valid), 2 on bad rows."""
    _platform()
    from govwatch.services.registry_io import import_registry

    result = import_registry(args.file, dry_run=args.dry_run)
    if not result.ok:
        print(f"{args.file.name}：发现 {len(result.problems)} 处错误，未导入任何数据：", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    head = "试运行（未写入数据库）" if result.dry_run else "导入完成"
    print(f"{head}：{result.summary() or '文件中没有数据行'}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Export the registry to ``args.file``; 0 when written."""
    _platform()
    from govwatch.services.registry_io import SheetKind, export_registry

    kind = SheetKind(KINDS[args.kind]) if args.kind else None
    result = export_registry(args.file, kind)
    counts = []
    if kind in (None, SheetKind.SITES):
        counts.append(f"网站 {result.sites} 个")
    if kind in (None, SheetKind.ACCOUNTS):
        counts.append(f"新媒体账号 {result.accounts} 个")
    print(f"已导出 {'、'.join(counts)} 到 {result.path.resolve()}")
    return 0


ORDER = 10  # position in govwatch --help (cli/commands.py)
