"""The three crawlers the benchmark compares, as child-process commands, and their success rules.

- ``govwatch``: the project's full scan (crawl, every check, report written);
- ``scrapy``: ``scrapy_spider.py``, a minimal unthrottled Scrapy spider with the same HTML parser;
- ``linkchecker``: LinkChecker, unthrottled, internal links only, unlimited recursion.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TOOLS = ("govwatch", "scrapy", "linkchecker")

_LINKCHECKER_RC = """\
[checking]
threads={threads}
# LinkChecker sleeps 0.1-0.6 s between two requests to one host unless the server sends a
# "LinkChecker" header (our nginx does) and this is high.
maxrequestspersecond=1000000
robotstxt=0
[output]
status=0
warnings=0
"""


class ToolMissing(RuntimeError):
    """A tool is not installed or not usable; the message (Chinese) says what to do."""


@dataclass(frozen=True)
class Invocation:
    """How to run one tool: ``argv``, environment, the exit codes that mean a finished run, and the
    files it must leave behind (a run without them is flagged)."""

    tool: str
    argv: tuple[str, ...]
    env: dict[str, str]
    ok_codes: frozenset[int]
    must_exist: tuple[Path, ...] = ()


def venv_bin(name: str) -> Path:
    """``.venv/bin/NAME`` of the repository."""
    return REPO / ".venv" / "bin" / name


def check_govwatch(binary: Path) -> None:
    """Raise ToolMissing unless ``BINARY scan --help`` works."""
    if not binary.exists():
        raise ToolMissing(f"找不到 {binary}：请先运行 scripts/setup（govwatch 尚未安装）")
    try:
        run = subprocess.run([str(binary), "scan", "--help"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolMissing(f"无法运行 {binary} scan --help：{exc}") from exc
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip()[-800:]
        raise ToolMissing(f"`govwatch scan` 不可用（{binary} scan --help 退出码 {run.returncode}）：\n{detail}")


def check_python_tools(python: str, tools: Sequence[str]) -> None:
    """Raise ToolMissing when Scrapy or LinkChecker (whichever ``tools`` names) is not installed."""
    if "scrapy" in tools:
        run = subprocess.run([python, "-c", "import scrapy, selectolax.lexbor"], capture_output=True,
                             check=False)
        if run.returncode != 0:
            raise ToolMissing("未安装 Scrapy 或 selectolax：请先运行 scripts/bench")
    if "linkchecker" in tools and not linkchecker_binary(python).exists():
        raise ToolMissing("未安装 LinkChecker：请先运行 scripts/bench")


def linkchecker_binary(python: str) -> Path:
    """The ``linkchecker`` script beside ``python``."""
    return Path(python).parent / "linkchecker"


def govwatch(binary: Path, url: str, work: Path, pages: int, extra: Sequence[str]) -> Invocation:
    """The full scan, with a page limit comfortably above the site's size."""
    out = work / "govwatch-report"
    limit = max(6000, math.ceil(pages * 1.2))
    argv = (str(binary), "scan", url, "--out", str(out), "--max-pages", str(limit), "--quiet",
            "--no-external", *extra)
    return Invocation("govwatch", argv, dict(os.environ), frozenset({0, 1}), (out / "report.json",))


def scrapy(python: str, url: str, work: Path, concurrency: int) -> Invocation:
    """The Scrapy baseline spider."""
    stats = work / "scrapy-stats.json"
    argv = (python, str(HERE / "scrapy_spider.py"), url, "--stats", str(stats),
            "--concurrency", str(concurrency))
    return Invocation("scrapy", argv, dict(os.environ), frozenset({0}), (stats,))


def linkchecker(python: str, url: str, work: Path, threads: int) -> Invocation:
    """LinkChecker with our config; broken URLs go to a CSV file. Exit 1 means broken links found."""
    folder = work / "linkchecker"
    folder.mkdir(parents=True, exist_ok=True)
    _open_to_nobody(folder)
    rc = folder / "linkcheckerrc"
    rc.write_text(_LINKCHECKER_RC.format(threads=threads), encoding="utf-8")
    rc.chmod(0o644)
    csv = folder / "broken.csv"
    argv = (str(linkchecker_binary(python)), "-f", str(rc), "--no-robots", "-t", str(threads),
            "--no-status", "--no-warnings", "-r", "-1", "-o", "none", "-F", f"csv/utf-8/{csv}", url)
    env = dict(os.environ, XDG_CONFIG_HOME=str(folder), XDG_DATA_HOME=str(folder))
    return Invocation("linkchecker", argv, env, frozenset({0, 1}), (csv,))


def _open_to_nobody(folder: Path) -> None:
    """Let LinkChecker write into ``folder``: run as root it sets its effective uid to 'nobody' but keeps
    gid 0, so the group bits of every folder above must allow passing through (mkdtemp makes 0700)."""
    folder.chmod(0o777)
    for parent in folder.parents:
        mode = parent.stat().st_mode
        if mode & 0o011 != 0o011:
            parent.chmod(mode | 0o011)


def own_report(tool: str, work: Path) -> tuple[int | None, str]:
    """What the tool itself says, from a file we can read: the HTML pages it fetched (None if it does not
    say) and a short note. Scrapy: pages it parsed. govwatch: ``links.pages`` minus ``links.pages_failed``
    in report.json, with its verdict and its own crawl time (``scan.seconds``)."""
    try:
        if tool == "scrapy":
            stats = json.loads((work / "scrapy-stats.json").read_text(encoding="utf-8"))
            return int(stats["pages_parsed"]), f"结束原因 {stats.get('finish_reason', '?')}"
        if tool == "govwatch":
            return _govwatch_report(json.loads((work / "govwatch-report" / "report.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None, "无法读取自身的统计"
    return None, ""


def _govwatch_report(report: dict[str, Any]) -> tuple[int | None, str]:
    links = report.get("links") or {}
    pages = links.get("pages")
    count = pages - int(links.get("pages_failed") or 0) if isinstance(pages, int) else None
    findings = report.get("findings") or []
    crawl = (report.get("scan") or {}).get("seconds")
    note = (f"结论 {report.get('verdict', '?')}，问题 {len(findings)} 条，"
            f"其中死链 {sum(1 for f in findings if str(f.get('code', '')).startswith('links.dead'))} 条；"
            f"自报扫描用时 {crawl} 秒")
    return count, note
