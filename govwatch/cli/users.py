"""``govwatch users add|list``: platform accounts and their roles (issue #4 §2).

``add USERNAME --role admin|operator|unit|proofreader [--unit 单位名称] [--password …]`` creates the user
or changes their role, saying so (a new user without ``--password`` gets a random one, printed once; a
given one needs ≥ 8 characters); admins and operators may use /admin/ (see services.access.ensure_user); ``list``
prints every user with role and unit. Exit 0 done, 2 bad usage (unknown role or unit).
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.table import Table

from govwatch.services import platform

ORDER = 65
ROLES = {"admin": "监管方管理员", "operator": "运维人员", "unit": "主办单位用户", "proofreader": "校对员"}
MIN_PASSWORD = 8


def add_parser(subparsers: Any) -> None:
    """Add ``users`` with ``add`` and ``list``."""
    users = subparsers.add_parser("users", help="平台账号与角色：监管方、运维、主办单位、校对员")
    sub = users.add_subparsers(dest="users_command", required=True, metavar="操作")
    add = sub.add_parser("add", help="新建账号或修改其角色（新账号未指定密码时生成随机密码并显示一次）")
    add.add_argument("username", help="用户名")
    add.add_argument("--role", required=True, choices=sorted(ROLES),
                     help="角色：" + "，".join(f"{k} {v}" for k, v in ROLES.items()))
    add.add_argument("--unit", default="", help="所属主办单位名称（角色为 unit 时必填，须已登记）")
    add.add_argument("--password", default="", help="密码（省略则新账号生成随机密码，已有账号不变）")
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help="列出所有账号、角色与单位")
    lst.set_defaults(func=run_list)


def run_add(args: argparse.Namespace) -> int:
    """Create or update one user; prints the new password once. 0 done (UsageError → 2 in main)."""
    from govwatch.services.errors import UsageError

    if args.password and len(args.password) < MIN_PASSWORD:
        raise UsageError(f"--password 太短：至少 {MIN_PASSWORD} 个字符（省略则生成随机密码）")
    if args.unit and args.role != "unit":
        raise UsageError("--unit 只用于主办单位用户（--role unit）")
    platform.migrate()
    from govwatch.services.access import ensure_user

    account = ensure_user(args.username, args.role, args.unit, args.password)
    unit = f"，单位 {account.unit}" if account.unit else ""
    changed = (f"（角色由 {ROLES[account.previous_role]} 改为 {ROLES[account.role]}）"
               if account.previous_role and account.previous_role != account.role else "")
    print(f"账号 {account.username}：{ROLES[account.role]}{unit}{changed}")
    if account.password:
        print(f"初始密码（只显示这一次）：{account.password}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print every user with role and unit. 0."""
    platform.migrate()
    from govwatch.services.access import user_rows

    table = Table("用户名", "角色", "所属单位", "状态", title="平台账号")
    for row in user_rows():
        table.add_row(row.username, row.role_label, row.unit, "启用" if row.active else "停用")
    Console().print(table)
    return 0
