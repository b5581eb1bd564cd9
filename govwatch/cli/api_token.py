"""``govwatch api-token USERNAME [--revoke]``: create or rotate a user's API token and print it once
(issue #4 §6); ``--revoke`` deletes it. Exit 0 done, 1 nothing to revoke, 2 bad usage (unknown user, or a
role without API access: proofreaders and users without a role)."""

from __future__ import annotations

import argparse
from typing import Any

from govwatch.services import platform

ORDER = 66


def add_parser(subparsers: Any) -> None:
    """Add ``api-token``."""
    p = subparsers.add_parser("api-token", help="为账号创建或更换 API 令牌（只显示一次），或用 --revoke 吊销")
    p.add_argument("username", help="用户名（监管方管理员、运维人员或主办单位用户）")
    p.add_argument("--revoke", action="store_true", help="吊销该账号的令牌")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Issue (or revoke) the token; prints it once. 0 done, 1 no token to revoke."""
    platform.migrate()
    from govwatch.services.api_tokens import issue_token, revoke_token

    if args.revoke:
        if revoke_token(args.username):
            print(f"已吊销账号 {args.username} 的 API 令牌")
            return 0
        print(f"账号 {args.username} 没有 API 令牌")
        return 1
    issued = issue_token(args.username)
    print(f"账号 {issued.username}（{issued.role_label}）的 API 令牌已{'更换，旧令牌已失效' if issued.replaced else '创建'}。")
    print(f"令牌（只显示这一次，请妥善保存）：{issued.key}")
    print(f"用法：curl -H 'Authorization: Token {issued.key}' http://主机/api/v1/sites/")
    return 0
