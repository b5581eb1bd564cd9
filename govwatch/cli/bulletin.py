"""``govwatch bulletin build --period 2026Q4 [--scope …] [--out DIR]``: the quarterly 通报 (docx, pdf,
xlsx) with a progress bar; ``govwatch report SITE [--period …] [--out DIR]``: a stored site's 监测报告
(pdf, xlsx). Both read the platform database; exit 0 when written, 2 on bad usage or an unwritable folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

ORDER = 45  # position in govwatch --help (cli/commands.py)
SCOPE_HELP = "范围：city（全市，默认）、level:市/县/乡镇、unit:<单位编号或名称>"


def add_parser(subparsers: Any) -> None:
    """Add ``bulletin build`` and ``report``."""
    bulletin = subparsers.add_parser("bulletin", help="生成季度通报（Word、PDF、Excel）")
    sub = bulletin.add_subparsers(dest="bulletin_command", required=True, metavar="操作")
    build = sub.add_parser("build", help="按周期和范围生成通报文件")
    build.add_argument("--period", required=True, help="周期：2026Q4（季度）、2026-11（月）或 2026（年）")
    build.add_argument("--scope", default="city", help=SCOPE_HELP)
    build.add_argument("--out", help="输出目录（默认当前目录下的 通报-<周期>）")
    build.add_argument("--doc-number", default="", help="文号，如〔2026〕4号（默认按周期编号）")
    build.add_argument("--issuer", default="", help="发文机关（默认：市大数据管理局）")
    build.add_argument("--now", help="统计时间点（北京时间）YYYY-MM-DD 或 YYYY-MM-DDTHH:MM；默认现在")
    build.add_argument("-q", "--quiet", action="store_true", help="不显示进度")
    build.set_defaults(func=run_build)
    report = subparsers.add_parser("report", help="生成已登记网站某周期的监测报告（PDF、Excel）")
    report.add_argument("site", metavar="SITE", help="网站编号、名称或首页网址")
    report.add_argument("--period", help="周期（默认本季度）")
    report.add_argument("--out", help="输出目录（默认当前目录下的 监测报告-<网站编号>-<周期>）")
    report.add_argument("--now", help="统计时间点（北京时间），格式同 bulletin build")
    report.set_defaults(func=run_report)


def _platform() -> None:
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, str], None]]:
    console = Console(stderr=True)
    if quiet:
        yield lambda p, s: None
        return
    if not console.is_terminal:
        yield lambda p, s: print(f"进度 {p:3d}%：{s}", file=sys.stderr, flush=True)
        return
    columns = (TextColumn("生成通报"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
               TextColumn("{task.fields[stage]}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("bulletin", total=100, stage="")
        yield lambda p, s: bar.update(task, completed=p, stage=s)


def _writable(folder: Path) -> Path:
    from govwatch.services.errors import UsageError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法创建输出目录 {folder}：{exc.strerror or exc}") from exc
    return folder


def run_build(args: argparse.Namespace) -> int:
    """Build the bulletin files; print the title and the paths."""
    _platform()
    from govwatch.cli.scores import parse_now
    from govwatch.services.errors import UsageError

    now = parse_now(args.now)
    from govwatch.services.bulletins.files import bulletin_files  # needs the configured platform

    out = _writable(Path(args.out or f"通报-{args.period}"))
    with _progress(args.quiet) as progress:
        try:
            title, files = bulletin_files(args.period, args.scope, out, now=now, doc_number=args.doc_number,
                                          issuer=args.issuer, progress=progress)
        except OSError as exc:
            raise UsageError(f"写入通报文件失败：{exc.strerror or exc}（{exc.filename or out}）") from exc
    print(f"已生成：{title}")
    for fmt, path in files.items():
        print(f"  {fmt}：{path}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    """Write a stored site's 监测报告 files; print the paths."""
    _platform()
    from govwatch.cli.scores import parse_now
    from govwatch.services.errors import UsageError

    now = parse_now(args.now)
    from govwatch.services.bulletins.files import site_report_files  # needs the configured platform

    out = Path(args.out or f"监测报告-{args.site if args.site.isdigit() else 'site'}-{args.period or '本季度'}")
    try:
        title, files = site_report_files(args.site, args.period, _writable(out), now=now)
    except OSError as exc:
        raise UsageError(f"写入监测报告失败：{exc.strerror or exc}（{exc.filename or out}）") from exc
    print(f"已生成：{title}")
    for fmt, path in files.items():
        print(f"  {fmt}：{path}")
    return 0
