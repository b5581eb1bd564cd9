"""``govwatch manage …``: Django's management commands (createsuperuser, migrate, check …) with
govwatch's settings, so no DJANGO_SETTINGS_MODULE needs to be set by hand."""

from __future__ import annotations

import argparse

from govwatch.services import platform


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``manage`` to the subcommands."""
    p = sub.add_parser("manage", help="运行 Django 管理命令，如 createsuperuser（创建管理员账号）、migrate")
    p.add_argument("args", nargs=argparse.REMAINDER, help="管理命令及其参数")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the management command; its own exit status is Django's."""
    platform.setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["govwatch manage", *(args.args or ["help"])])
    return 0


ORDER = 60  # position in govwatch --help (cli/commands.py)
