"""``govwatch proofread FILE|URL|-`` (自动化校对) and ``govwatch proofread-users ensure [--count N]``.

``proofread`` reads a file (txt, docx, xlsx, pdf), the main text of a web page (one GET, 15 s) or, for
``-``, text on standard input; prints each issue in Chinese (position, original → suggestion, type,
confidence, rule); ``--html`` writes the highlighted view, ``--docx`` the .docx input with Word comments,
``--json`` prints the result as JSON instead. The knowledge base is the newest approved version in the
platform database (bundled files when none). ``--user NAME`` keeps the job in that account's history.
Exit status: 0 no issue, 1 issues found, 2 unreadable input, dead URL or bad usage (a Chinese message).

``proofread-users ensure`` creates the proofreader accounts (GOVWATCH_PROOFREADERS, default 3) and
prints each new account's random password once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govwatch.services.errors import GovwatchError, UsageError

if TYPE_CHECKING:
    from govwatch.services.proofreading.run import Checked, Prepared
    from govwatch.storage.models import ProofreadJob

EXIT_CLEAN, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    """Add ``proofread`` and ``proofread-users``."""
    p = subparsers.add_parser("proofread", help="自动化校对：检查文件、网页或文本中的错别字、严重表述错误、敏感词和个人信息")
    p.add_argument("source", metavar="FILE|URL|-", help="文件（txt、docx、xlsx、pdf）、网页网址，或 - 表示从标准输入读取文本")
    p.add_argument("--html", type=Path, metavar="OUT.html", help="把标注了问题的校对结果写入 HTML 文件")
    p.add_argument("--docx", type=Path, metavar="OUT.docx", help="（仅 .docx 输入）写出带批注的文档")
    p.add_argument("--json", action="store_true", help="以 JSON 输出校对结果")
    p.add_argument("--timeout", type=float, default=15.0, help="打开网址的超时秒数（默认 15）")
    p.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDR",
                   help="把 主机:端口 解析到指定地址（同 curl --resolve），可重复")
    p.add_argument("--site", default="", metavar="HOST", help="按该网站（主机名）的白名单校对")
    p.add_argument("--user", metavar="USERNAME", help="把本次校对记入该账号的校对历史")
    p.add_argument("--no-typo", action="store_true", help="不检查错别字（只做知识库与个人信息检查）")
    p.set_defaults(func=run)
    users = subparsers.add_parser("proofread-users", help="校对员账号：创建配置数量的校对员账号（默认 3 个）")
    sub = users.add_subparsers(dest="users_command", required=True, metavar="操作")
    ensure = sub.add_parser("ensure", help="创建缺少的校对员账号并显示其初始密码（只显示一次）；已有账号不变")
    ensure.add_argument("--count", type=int, help="账号数量（默认取 GOVWATCH_PROOFREADERS，未设置为 3）")
    ensure.set_defaults(func=run_users)


def _platform() -> None:
    from govwatch.services import platform

    platform.setup()
    platform.migrate()


def _prepare(args: argparse.Namespace) -> Prepared:
    from govwatch.crawl import parse_resolve
    from govwatch.services.proofreading.run import prepare_file, prepare_text, prepare_url

    source: str = args.source
    if source == "-":
        raw = sys.stdin.buffer.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        return prepare_text(text, "标准输入")
    if source.lower().startswith(("http://", "https://")):
        if args.timeout <= 0:
            raise UsageError("--timeout 应为正数（秒）")
        return prepare_url(source, args.timeout, dict(parse_resolve(item) for item in args.resolve))
    from govwatch.proofread.inputs import MAX_BYTES, InputError

    path = Path(source)
    if not path.is_file():
        raise InputError(f"找不到文件「{source}」（网址请以 http:// 或 https:// 开头，标准输入请用 -）。")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"文件「{path.name}」大小为 {path.stat().st_size / 1048576:.1f} MB，"
                         f"超过 {MAX_BYTES / 1048576:.0f} MB 的上限。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件「{path.name}」：{exc.strerror or exc}") from exc
    return prepare_file(data, path.name)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"第 {line} 行第 {column} 字"


def print_issues(checked: Checked) -> None:
    """The Chinese listing of a result."""
    from govwatch.proofread.issue import TYPE_NAMES

    result = checked.result
    print(f"校对对象：{checked.prepared.name}（{len(result.text)} 字）")
    for note in checked.notes:
        print(f"说明：{note}")
    for n, issue in enumerate(result.issues, start=1):
        arrow = f" →「{issue.suggestion}」" if issue.suggestion and issue.suggestion != issue.original else ""
        print(f"{n:>3}. {_position(result.text, issue.offset)}「{issue.original}」{arrow}　"
              f"{TYPE_NAMES.get(issue.type, issue.type)}　置信度 {issue.confidence:.2f}　规则 {issue.rule}")
        context = " ".join(issue.context.split())  # one line, whatever the text's line breaks
        print(f"     {issue.message}　上下文：{context}")
    if not result.issues:
        print("未发现问题。")
        return
    counts: dict[str, int] = {}
    for issue in result.issues:
        counts[issue.type] = counts.get(issue.type, 0) + 1
    summary = "，".join(f"{TYPE_NAMES.get(k, k)} {v} 处" for k, v in counts.items())
    print(f"共发现 {len(result.issues)} 处问题：{summary}。")


def _user_id(username: str) -> int:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"账号「{username}」不存在（可先运行 govwatch proofread-users ensure）。")
    return int(user.pk)


def _check(args: argparse.Namespace) -> tuple[Checked, ProofreadJob | None]:
    from govwatch.proofread.engine import DEFAULT
    from govwatch.services.proofreading.kb import current_kb
    from govwatch.services.proofreading.run import check, run_job

    prepared = _prepare(args)
    if args.docx is not None and prepared.docx is None:
        raise UsageError("--docx 只适用于 .docx 输入文件。")
    _platform()
    kb = current_kb()
    typo = None if args.no_typo else DEFAULT
    if args.user:  # kept in the account's history, its files under DATA_DIR/proofread/job-<id>
        from django.conf import settings

        job, checked = run_job(prepared, kb, user_id=_user_id(args.user), typo=typo, site=args.site,
                               out_dir=settings.GOVWATCH.data_dir / "proofread")
        return checked, job
    return check(prepared, kb, typo=typo, site=args.site), None


def run(args: argparse.Namespace) -> int:
    """Proofread ``args.source``; 0 no issue, 1 issues, 2 error (message on stderr)."""
    from govwatch.services import platform

    platform.setup()  # the service modules import the storage models
    from django.db import DatabaseError

    from govwatch.proofread.inputs import InputError
    from govwatch.proofread.render import render_html
    from govwatch.proofread.typo.backend import BackendError
    from govwatch.services.proofreading.run import add_outputs, result_json

    try:
        checked, job = _check(args)
        written: dict[str, Path] = {}
        if args.html is not None:
            args.html.write_text(render_html(checked.result.text, checked.result.issues,
                                             f"校对结果：{checked.prepared.name}", checked.notes), encoding="utf-8")
            written["html_copy"] = args.html.resolve()
        if args.docx is not None and checked.docx is not None:
            args.docx.write_bytes(checked.docx)
            written["docx_copy"] = args.docx.resolve()
        if job is not None and written:
            add_outputs(job, written)
    except (InputError, BackendError, GovwatchError) as exc:
        print(f"govwatch proofread：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"govwatch proofread：无法写入输出文件：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except DatabaseError as exc:
        print(f"govwatch proofread：无法访问平台数据库（知识库与校对历史保存在其中）：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(json.dumps(result_json(checked), ensure_ascii=False, indent=2))
    else:
        print_issues(checked)
        for flag, path in (("HTML", args.html), ("批注文档", args.docx)):
            if path is not None:
                print(f"{flag}：{path.resolve()}")
    return EXIT_ISSUES if checked.result.issues else EXIT_CLEAN


def run_users(args: argparse.Namespace) -> int:
    """Create the missing proofreader accounts; prints new passwords once. 0 done, 2 bad --count."""
    _platform()
    from django.conf import settings

    from govwatch.services.proofreading.users import GROUP, ensure_proofreaders

    count = settings.GOVWATCH.proofreaders if args.count is None else args.count
    if count < 1:
        raise UsageError("--count 应为正整数")
    for account in ensure_proofreaders(count):
        if account.created:
            print(f"已创建{GROUP}账号 {account.username}　初始密码：{account.password}（只显示这一次，请妥善保存）")
        else:
            print(f"{GROUP}账号 {account.username} 已存在，未改动")
    return 0


ORDER = 70  # position in govwatch --help (cli/commands.py)
