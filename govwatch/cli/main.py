"""The ``govwatch`` console script.

``govwatch scan URL`` crawls one government website, judges it against the national checklist and
writes its 监测报告 (report.html, report.json, report.docx). Exit status: 0 合格, 1 不合格 or 无法判定 (the homepage could not be read), 2 bad usage.
``govwatch demo`` serves the bundled sample site on 127.0.0.1 and scans it; ``govwatch demo --platform`` runs
the whole platform on it (web UI with demo accounts).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from govwatch import __version__
from govwatch.cli.commands import COMMANDS
from govwatch.cli.parser import ChineseArgumentParser
from govwatch.cli.progress import make_progress
from govwatch.cli.validate import check_port, check_url, prepare_out_dir
from govwatch.services.errors import ConfigError, GovwatchError, UsageError, database_errors
from govwatch.services.registry_file import load_registry, site_for_url
from govwatch.services.scan import CrawlOptions, ScanOutcome, ScanRequest, scan_site

EXIT_PASS, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def parse_resolve(values: Sequence[str]) -> dict[tuple[str, int], str]:
    """``HOST:PORT:ADDR`` items (as curl's --resolve) → {(host, port): addr}; UsageError if malformed."""
    out: dict[tuple[str, int], str] = {}
    for item in values:
        parts = item.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2]:
            raise UsageError(f"--resolve 格式应为 主机:端口:地址（如 www.example.gov.cn:80:127.0.0.1），收到：{item}")
        out[(parts[0].lower(), check_port(int(parts[1]), "--resolve"))] = parts[2].strip("[]")
    return out


def parse_date(value: str) -> date:
    """``YYYY-MM-DD`` → date; UsageError otherwise."""
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise UsageError(f"--now 的日期格式应为 YYYY-MM-DD，收到：{value}") from exc


def default_out_dir(url: str) -> Path:
    """``govwatch-reports/<host>-<YYYYmmdd-HHMMSS>`` (Beijing time, as inside the report) under the current
    directory."""
    from govwatch.core.clock import CHINA_TZ

    host = (urlsplit(url).hostname or "site").replace(":", "_")
    return Path("govwatch-reports") / f"{host}-{datetime.now(CHINA_TZ):%Y%m%d-%H%M%S}"


def _add_scan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="报告输出目录（默认 govwatch-reports/主机名-时间）")
    p.add_argument("--now", help="监测时间点 YYYY-MM-DD（默认今天），用于按采集日期评估已保存的网站")
    p.add_argument("--max-pages", type=int, default=5000, help="最多抓取的网页数（默认 5000）")
    p.add_argument("--max-depth", type=int, default=10, help="最大抓取深度（默认 10）")
    p.add_argument("--concurrency", type=int, default=8, help="每个主机的最大并发请求数（默认 8）")
    p.add_argument("--timeout", type=float, default=15.0, help="单次请求超时秒数（默认 15，与指标一致）")
    p.add_argument("--no-external", action="store_true", help="不检查外部链接")
    p.add_argument("--browser", action="store_true",
                   help="用无头 Chromium 渲染抽样页面，检查暗链、外部脚本和脚本生成的底部信息（较慢）")
    p.add_argument("--security", action="store_true",
                   help="检查 HTTPS 证书、安全响应头、服务器版本和 .git 等敏感文件泄露（约 25 个额外请求）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = ChineseArgumentParser(prog="govwatch", description="政府网站与政务新媒体监管平台")
    parser.add_argument("--version", action="version", version=f"govwatch {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    scan = sub.add_parser("scan", help="按国家检查指标监测一个政府网站并生成监测报告")
    scan.add_argument("url", help="网站首页网址，如 https://www.example.gov.cn/")
    scan.add_argument("--registry", type=Path, help="登记文件（YAML）：网站标识码、主办单位、栏目等")
    scan.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                      help="把 主机:端口 解析到指定地址（同 curl --resolve），可重复")
    scan.add_argument("--ignore-robots", action="store_true", help="忽略 robots.txt（报告中会注明）")
    _add_scan_args(scan)
    scan.set_defaults(func=_run_scan)
    demo = sub.add_parser("demo", help="在本机启动内置示例政府网站并对其监测，输出报告位置")
    _add_scan_args(demo)
    demo.add_argument("--platform", action="store_true",
                      help="改为演示监管平台：把示例网站登记为网站群，完成首次扫描、探测和评分，创建演示账号并启动 Web 界面")
    demo.add_argument("--port", type=int, default=8000, help="--platform 时 Web 界面的端口（默认 8000）")
    demo.add_argument("--sample-port", type=int, default=8089, help="--platform 时示例网站的端口（默认 8089）")
    demo.set_defaults(func=_run_demo)
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def _options(args: argparse.Namespace, resolve: dict[tuple[str, int], str]) -> CrawlOptions:
    for name in ("max_pages", "max_depth", "concurrency"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} 应为正整数")
    if args.timeout <= 0:
        raise UsageError("--timeout 应为正数（秒）")
    return CrawlOptions(max_pages=args.max_pages, max_depth=args.max_depth, concurrency=args.concurrency,
                        total_timeout=args.timeout, check_external=not args.no_external, resolve=resolve)


def _request(args: argparse.Namespace) -> ScanRequest:
    url = check_url(args.url)
    entries = load_registry(args.registry) if args.registry else []
    site = site_for_url(url, entries)
    if args.ignore_robots:
        site = dataclasses.replace(site, ignore_robots=True)
    return ScanRequest(site=site, crawl=_options(args, parse_resolve(args.resolve)),
                       today=parse_date(args.now) if args.now else None,
                       out_dir=prepare_out_dir(args.out or default_out_dir(url)), browser=args.browser,
                       security=args.security)


def print_summary(outcome: ScanOutcome) -> None:
    """Print the verdict, score, problem counts and the report paths (Chinese)."""
    score, report = outcome.score, outcome.report
    print(f"\n监测完成：{report.site.name or report.site.home_url}（{report.site.home_url}）")
    if score.verdict == "无法判定":
        total = "不计分（首页无法访问）"
    elif score.vetoed:
        total = "不计分（触发单项否决）"
    elif score.total is None:
        total = "不计分（该类网站只检查单项否决指标）"
    else:
        total = f"{score.total:.1f}"
    print(f"结论：{score.verdict}　得分：{total}")
    for reason in score.reasons:
        print(f"  · {reason}")
    print(f"问题：{len(outcome.findings)} 条；抓取网页 {outcome.crawl.stats.pages} 个，"
          f"检查链接 {outcome.crawl.stats.urls_checked} 个，用时 {outcome.crawl.stats.seconds:.1f} 秒")
    for kind in ("html", "docx", "json"):
        if kind in outcome.files:
            print(f"报告（{kind}）：{outcome.files[kind].resolve()}")


def _run_scan(args: argparse.Namespace) -> int:
    request = _request(args)
    with make_progress(quiet=args.quiet) as progress:
        outcome = scan_site(request, progress)
    print_summary(outcome)
    return EXIT_PASS if outcome.score.verdict == "合格" else EXIT_FAIL


def _run_demo(args: argparse.Namespace) -> int:
    if args.platform:
        from govwatch.cli.demo_platform import run_platform

        return run_platform(args)
    from govwatch.services.demo import SAMPLE_HOST, demo_request, serve_sample

    with serve_sample() as port:
        request = demo_request(port, _options(args, {}),
                               prepare_out_dir(args.out or default_out_dir(f"http://{SAMPLE_HOST}/")),
                               parse_date(args.now) if args.now else None)
        request = dataclasses.replace(request, browser=args.browser, security=args.security)
        print(f"内置示例政府网站已在 127.0.0.1:{port} 启动（以 {request.site.home_url} 访问），开始监测……")
        with make_progress(quiet=args.quiet) as progress:
            outcome = scan_site(request, progress)
    print_summary(outcome)
    return EXIT_PASS if outcome.score.verdict == "合格" else EXIT_FAIL


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns (and exits with) 0 合格, 1 不合格, 2 bad usage or an error we could name."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except UsageError as exc:
        print(f"govwatch：{exc}", file=sys.stderr)
        code = EXIT_USAGE
    except (GovwatchError, ConfigError) as exc:
        print(f"govwatch：{exc}", file=sys.stderr)
        code = EXIT_USAGE
    except database_errors() as exc:
        print(f"govwatch：无法连接数据库（{str(exc).strip().splitlines()[0]}），请检查 DATABASE_URL", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        code = 130
    if argv is None:
        sys.exit(code)
    return code
