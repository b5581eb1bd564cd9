"""``govwatch baselines approve|show|check``: the homepage defacement (篡改) baselines of registered sites.

``approve URL --user NAME [--resolve HOST:PORT:ADDR]`` fetches the registered site's homepage now and makes
it the baseline that ``security.defacement`` compares later security scans with (an operator or admin
account approves it, e.g. after a redesign; the first security scan of a site takes one by itself);
``show URL`` prints the stored baseline; ``check URL [--resolve …]`` compares the homepage now with it (a
防篡改巡检; takes the baseline when there is none) and exits 1 when it looks defaced. Exit 0 done / not
defaced, 1 defaced, 2 bad usage (unknown site or user, not an operator, homepage unreadable).
"""

from __future__ import annotations

import argparse
from typing import Any

from govwatch.services import platform

ORDER = 48  # position in govwatch --help (cli/commands.py)


def add_parser(subparsers: Any) -> None:
    """Add ``baselines`` with ``approve`` and ``show``."""
    baselines = subparsers.add_parser("baselines", help="首页防篡改基线：运维人员确认、查看")
    sub = baselines.add_subparsers(dest="baselines_command", required=True, metavar="操作")
    approve = sub.add_parser("approve", help="读取已登记网站的当前首页，确认为防篡改基线")
    approve.add_argument("url", help="已登记网站的首页网址")
    approve.add_argument("--user", required=True, help="确认人账号（运维人员或监管方管理员）")
    approve.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                         help="把 主机:端口 解析到指定地址（同 curl --resolve），可重复")
    approve.set_defaults(func=run_approve)
    check = sub.add_parser("check", help="防篡改巡检：将当前首页与基线比较（尚无基线时采集）")
    check.add_argument("url", help="已登记网站的首页网址")
    check.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                       help="把 主机:端口 解析到指定地址（同 curl --resolve），可重复")
    check.set_defaults(func=run_check)
    show = sub.add_parser("show", help="显示网站当前的防篡改基线")
    show.add_argument("url", help="已登记网站的首页网址")
    show.set_defaults(func=run_show)


def run_approve(args: argparse.Namespace) -> int:
    """Approve the current homepage as the baseline. 0 done (UsageError/AccessDenied → 2 in main)."""
    from govwatch.cli.main import parse_resolve

    platform.migrate()
    from govwatch.services.security_baselines import approve_homepage

    row = approve_homepage(args.url, args.user, resolve=parse_resolve(args.resolve))
    print(f"已确认 {row.site.name} 的首页防篡改基线：{row.url}（{row.captured_at:%Y-%m-%d %H:%M}，"
          f"确认人 {row.approved_by}，摘要 {row.digest[:12]}）")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the stored baseline (or say there is none). 0."""
    platform.migrate()
    from govwatch.services.security_baselines import current_baseline, registered_site

    site = registered_site(args.url)
    baseline = current_baseline(site)
    if baseline is None:
        print(f"{site.name} 尚无防篡改基线（首次 --security 扫描时自动采集，或用 baselines approve 确认）。")
        return 0
    when = f"{baseline.captured_at:%Y-%m-%d %H:%M}" if baseline.captured_at else "未知"
    print(f"{site.name} 防篡改基线：{baseline.url}，采集于 {when}，确认人 {baseline.approved_by or '（首次扫描自动采集）'}，"
          f"摘要 {baseline.digest[:12]}")
    for line in baseline.text.splitlines()[:20]:
        print(f"  {line}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Compare the homepage with its baseline: 0 unchanged (or baseline taken now), 1 defaced."""
    from govwatch.cli.main import parse_resolve

    platform.migrate()
    from govwatch.services.security_baselines import check_homepage

    outcome, taken = check_homepage(args.url, resolve=parse_resolve(args.resolve))
    home = outcome.crawl.home
    if home is None or not home.fetch.ok:
        print(f"无法读取首页：{args.url}")
        return 2
    if taken:
        print("尚无防篡改基线：已将当前首页采集为基线。")
        return 0
    defaced = [f for f in outcome.findings if f.code == "security.defacement"]
    for finding in defaced:
        print(finding.message)
        for line in finding.evidence.get("after", [])[:10]:
            print(f"  + {line}")
        for line in finding.evidence.get("before", [])[:10]:
            print(f"  - {line}")
    if not defaced:
        print("首页稳定区域与基线一致，未发现篡改迹象。")
    return 1 if defaced else 0
