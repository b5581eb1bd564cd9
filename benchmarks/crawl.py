"""Crawl benchmark (issue #2 §10): govwatch's full scan against Scrapy and LinkChecker.

Generates a government-shaped site of N HTML pages (Chinese text, ~60 links a page, some dead links)
in a temp folder, serves it with a private nginx on 127.0.0.1, then runs each tool as a child process,
one after the other, and measures it: pages crawled (distinct site pages answered 200, read from
nginx's access log, so every tool is counted the same way), wall seconds, pages/s, CPU seconds and peak
RSS of the child (``os.wait4`` rusage). Prints a table, the pages/s ratios and the targets
(govwatch ≥ 2× Scrapy, ≥ 10× LinkChecker, peak RSS < 300 MB) with PASS/FAIL.

Usage: ``.venv/bin/python benchmarks/crawl.py [--pages 5000] [--only govwatch|scrapy|linkchecker]
[--json FILE] [--keep]``; ``scripts/bench`` installs what it needs and runs it.
Exit status: 0 every run complete and every target met; 1 a target failed or a run is flagged;
2 a tool or nginx is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import tools
from measure import ChildRun, cpu_seconds, run_child
from nginx import LogLine, Nginx, NginxError
from rich.console import Console
from rich.table import Table
from sitegen import MIN_PAGES, SiteInfo, generate_site

COMPLETE = 0.99  # a run that fetched fewer than this share of the site's pages is flagged
TARGETS = (("govwatch ≥ 2× Scrapy（页/秒）", "scrapy", 2.0), ("govwatch ≥ 10× LinkChecker（页/秒）", "linkchecker", 10.0))
RSS_LIMIT_MB = 300.0


@dataclass(frozen=True)
class Row:
    """One tool's figures. ``pages`` distinct site pages fetched with 200 out of ``expected``;
    ``wall``/``cpu`` seconds; ``max_rss_mb`` MiB; ``requests`` every request it sent; ``dead_found``
    distinct dead URLs it requested out of ``dead_expected``; ``server_cpu`` nginx worker CPU seconds
    during the run; ``own_count`` pages the tool itself reports (None if unknown) and ``own_note`` what
    else it says; ``problems`` why the row is flagged (empty when the run is complete); ``load`` the
    machine's 1-minute load average when the run started (above the core count, other processes were
    competing for the CPU and wall times are inflated)."""

    tool: str
    pages: int
    expected: int
    wall: float
    user: float
    sys: float
    max_rss_mb: float
    requests: int
    dead_found: int
    dead_expected: int
    server_cpu: float
    returncode: int
    own_count: int | None
    own_note: str
    problems: tuple[str, ...]
    load: float = 0.0

    @property
    def cpu(self) -> float:
        """User + system CPU seconds of the child."""
        return self.user + self.sys

    @property
    def pages_per_s(self) -> float:
        """Pages crawled per wall-clock second."""
        return self.pages / self.wall if self.wall > 0 else 0.0

    @property
    def pages_per_cpu_s(self) -> float:
        """Pages crawled per CPU second of the child: less sensitive to other load on the machine."""
        return self.pages / self.cpu if self.cpu > 0 else 0.0


def make_row(inv: tools.Invocation, run: ChildRun, log: list[LogLine], site: SiteInfo,
             server_cpu: float, own: tuple[int | None, str], load: float = 0.0) -> Row:
    """Judge one run from its measurements and its slice of the access log."""
    pages = {line.uri for line in log if line.method == "GET" and line.status == 200 and line.uri in site.pages}
    dead = {line.uri for line in log if line.status == 404 and line.uri in site.dead}
    problems = []
    if run.timed_out:
        problems.append(f"超时（{run.wall:.0f} 秒）被终止")
    elif run.returncode not in inv.ok_codes:
        problems.append(f"退出码 {run.returncode}：{run.tail(300)}")
    problems += [f"缺少输出文件 {p.name}" for p in inv.must_exist if not p.exists()]
    if len(pages) < COMPLETE * len(site.pages):
        problems.append(f"只抓取了 {len(pages)}/{len(site.pages)} 页，未完整抓取")
    return Row(inv.tool, len(pages), len(site.pages), run.wall, run.user, run.sys, run.max_rss_mb, len(log),
               len(dead), len(site.dead), server_cpu, run.returncode, *own, tuple(problems), load)


def invocation(tool: str, args: argparse.Namespace, url: str, work: Path) -> tools.Invocation:
    """The command line of ``tool`` for this benchmark run."""
    if tool == "govwatch":
        return tools.govwatch(args.govwatch, url, work, args.pages, args.govwatch_arg)
    if tool == "scrapy":
        return tools.scrapy(sys.executable, url, work, args.scrapy_concurrency)
    return tools.linkchecker(sys.executable, url, work, args.linkchecker_threads)


def run_tool(tool: str, args: argparse.Namespace, server: Nginx, site: SiteInfo, work: Path,
             console: Console) -> Row:
    """Run one tool ``args.repeat`` times against the server; the best complete run (most pages/s) counts."""
    inv = invocation(tool, args, f"http://127.0.0.1:{server.port}/", work)
    console.print(f"[bold]▶ {tool}[/]：{' '.join(inv.argv)}", highlight=False)
    rows = [_measure_once(inv, server, site, work, args.timeout, console) for _ in range(args.repeat)]
    return max(rows, key=lambda r: (not r.problems, r.pages_per_s))


def _measure_once(inv: tools.Invocation, server: Nginx, site: SiteInfo, work: Path, timeout: float,
                  console: Console) -> Row:
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        console.print(f"  [yellow]机器负载 {load:.1f}（{cores} 核）：其他进程在争用 CPU，用时会偏大[/]", highlight=False)
    offset, workers = server.log_offset(), server.worker_pids()
    before = cpu_seconds(workers)
    run = run_child(inv.argv, work / "logs", inv.tool, timeout, env=inv.env, cwd=work)
    row = make_row(inv, run, server.read_log(offset), site, cpu_seconds(workers) - before,
                   tools.own_report(inv.tool, work), load)
    console.print(f"  {row.pages}/{row.expected} 页，{row.wall:.1f} 秒，{row.pages_per_s:.0f} 页/秒，"
                  f"CPU {row.cpu:.1f} 秒，退出码 {row.returncode}"
                  + ("" if not row.problems else f"  [red]⚠ {'；'.join(row.problems)}[/]"), highlight=False)
    return row


def table(rows: list[Row]) -> Table:
    """The results table."""
    out = Table(title="爬取基准测试结果", title_justify="left")
    for name in ("工具", "页面", "用时 s", "页/秒", "CPU s", "页/CPU 秒", "峰值内存 MB", "请求数", "死链命中",
                 "nginx CPU s", "负载", "退出码", "自报页数", "状态"):
        out.add_column(name, justify="left" if name in ("工具", "状态") else "right")
    for r in rows:
        out.add_row(r.tool, f"{r.pages}/{r.expected}", f"{r.wall:.1f}", f"{r.pages_per_s:.1f}", f"{r.cpu:.1f}",
                    f"{r.pages_per_cpu_s:.0f}", f"{r.max_rss_mb:.0f}", str(r.requests),
                    f"{r.dead_found}/{r.dead_expected}", f"{r.server_cpu:.1f}", f"{r.load:.1f}", str(r.returncode),
                    "—" if r.own_count is None else str(r.own_count),
                    "[green]完整[/]" if not r.problems else "[red]⚠ 已标记[/]")
    return out


def cpu_ratios(rows: list[Row]) -> dict[str, float]:
    """Ratios of govwatch's pages per CPU second to each other tool's (information, not a target)."""
    by_tool = {r.tool: r for r in rows}
    gw = by_tool.get("govwatch")
    return {f"govwatch/{r.tool}": gw.pages_per_cpu_s / r.pages_per_cpu_s
            for r in rows if gw is not None and r is not gw and r.pages_per_cpu_s > 0}


def verdicts(rows: list[Row]) -> tuple[dict[str, float], list[dict[str, object]]]:
    """Ratios of govwatch's pages/s to each other tool's, and each target with PASS/FAIL/SKIP."""
    by_tool = {r.tool: r for r in rows}
    gw = by_tool.get("govwatch")
    ratios: dict[str, float] = {}
    targets: list[dict[str, object]] = []
    for label, other, need in TARGETS:
        base = by_tool.get(other)
        if gw is None or base is None:
            targets.append({"target": label, "value": None, "result": "SKIP", "why": "未运行"})
            continue
        ratio = gw.pages_per_s / base.pages_per_s if base.pages_per_s > 0 else float("inf")
        ratios[f"govwatch/{other}"] = ratio
        flagged = [r.tool for r in (gw, base) if r.problems]
        ok = ratio >= need and not flagged
        targets.append({"target": label, "value": round(ratio, 2), "result": "PASS" if ok else "FAIL",
                        "why": f"{'、'.join(flagged)} 的运行被标记" if flagged else ""})
    if gw is None:
        targets.append({"target": f"govwatch 峰值内存 < {RSS_LIMIT_MB:.0f} MB", "value": None, "result": "SKIP",
                        "why": "未运行"})
    else:
        ok = gw.max_rss_mb < RSS_LIMIT_MB and not gw.problems
        targets.append({"target": f"govwatch 峰值内存 < {RSS_LIMIT_MB:.0f} MB", "value": round(gw.max_rss_mb, 1),
                        "result": "PASS" if ok else "FAIL", "why": "govwatch 的运行被标记" if gw.problems else ""})
    return ratios, targets


def report(console: Console, rows: list[Row], ratios: dict[str, float], targets: list[dict[str, object]]) -> None:
    """Print the table, the ratios and the targets."""
    console.print(table(rows))
    per_cpu = cpu_ratios(rows)
    for name, value in ratios.items():
        console.print(f"{name} 页/秒之比：{value:.2f}×（按 CPU 时间：{per_cpu.get(name, 0):.2f}×）", highlight=False)
    for t in targets:
        colour = {"PASS": "green", "FAIL": "red"}.get(str(t["result"]), "yellow")
        shown = "" if t["value"] is None else f"{t['value']}"
        why = f"（{t['why']}）" if t["why"] else ""
        console.print(f"目标 {t['target']}：{shown} [{colour}]{t['result']}[/]{why}", highlight=False)
    for r in rows:
        if r.own_note:
            console.print(f"{r.tool}：{r.own_note}", highlight=False)
        for problem in r.problems:
            console.print(f"[red]⚠ {r.tool}：{problem}[/]", highlight=False)


def save_json(path: Path, args: argparse.Namespace, site: SiteInfo, rows: list[Row], ratios: dict[str, float],
              targets: list[dict[str, object]]) -> None:
    """Write the figures as JSON."""
    data = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "site": {"pages": len(site.pages), "dead_urls": len(site.dead), "links_per_page": round(site.links_per_page, 1),
                 "max_depth": site.max_depth, "html_bytes": site.bytes},
        "settings": {"scrapy_concurrency": args.scrapy_concurrency, "linkchecker_threads": args.linkchecker_threads,
                     "govwatch_extra_args": list(args.govwatch_arg), "repeat": args.repeat},
        "runs": [dict(asdict(r), pages_per_s=round(r.pages_per_s, 2), pages_per_cpu_s=round(r.pages_per_cpu_s, 2),
                      cpu=round(r.cpu, 2)) for r in rows],
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
        "cpu_ratios": {k: round(v, 2) for k, v in cpu_ratios(rows).items()},
        "targets": targets,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description="govwatch 爬取基准测试：与 Scrapy、LinkChecker 对比")
    p.add_argument("--pages", type=int, default=5000, help="生成网站的网页数（默认 5000）")
    p.add_argument("--only", choices=tools.TOOLS, help="只运行一个工具")
    p.add_argument("--json", type=Path, help="把结果写入 JSON 文件")
    p.add_argument("--keep", action="store_true", help="保留临时目录（网站、日志、报告）")
    p.add_argument("--repeat", type=int, default=1, help="每个工具运行次数，取最快的完整一次（默认 1）")
    p.add_argument("--timeout", type=float, default=900.0, help="每个工具的最长运行秒数（默认 900）")
    p.add_argument("--govwatch", type=Path, default=tools.venv_bin("govwatch"), help="govwatch 可执行文件")
    p.add_argument("--govwatch-arg", action="append", default=[], metavar="ARG",
                   help="附加给 govwatch scan 的参数，可重复（如 --govwatch-arg=--concurrency=16）")
    p.add_argument("--scrapy-concurrency", type=int, default=32, help="Scrapy 并发请求数（默认 32）")
    p.add_argument("--linkchecker-threads", type=int, default=16, help="LinkChecker 线程数（默认 16）")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse_args(argv)
    if args.pages < MIN_PAGES:
        print(f"--pages 至少为 {MIN_PAGES}", file=sys.stderr)
        return 2
    console = Console(stderr=False)
    if not console.is_terminal:
        console = Console(width=160)
    chosen = [args.only] if args.only else list(tools.TOOLS)
    try:
        if "govwatch" in chosen:
            tools.check_govwatch(args.govwatch)
        tools.check_python_tools(sys.executable, chosen)
    except tools.ToolMissing as exc:
        console.print(f"[red]无法运行基准测试：{exc}[/]", highlight=False)
        return 2
    work = Path(tempfile.mkdtemp(prefix="govwatch-bench-"))
    try:
        return _run(args, chosen, work, console)
    except NginxError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        return 2
    finally:
        if args.keep:
            console.print(f"临时目录已保留：{work}", highlight=False)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, chosen: list[str], work: Path, console: Console) -> int:
    site = generate_site(work / "site", args.pages)
    console.print(f"网站：{len(site.pages)} 页，每页平均 {site.links_per_page:.0f} 个链接，{len(site.dead)} 个死链网址，"
                  f"最大深度 {site.max_depth}，HTML 共 {site.bytes / 1e6:.0f} MB；{os.cpu_count()} 个 CPU 核",
                  highlight=False)
    rows: list[Row] = []
    with Nginx(site.root, work / "nginx") as server:
        console.print(f"nginx：http://127.0.0.1:{server.port}/（pid {server.pid}）", highlight=False)
        for tool in chosen:
            rows.append(run_tool(tool, args, server, site, work, console))
    ratios, targets = verdicts(rows)
    report(console, rows, ratios, targets)
    if args.json:
        save_json(args.json, args, site, rows, ratios, targets)
        console.print(f"结果已写入 {args.json}", highlight=False)
    failed = any(r.problems for r in rows) or any(t["result"] == "FAIL" for t in targets)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
