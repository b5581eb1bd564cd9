"""Subcommands beyond ``scan`` and ``demo``: one module each, with ``add_parser(subparsers)`` that adds its
parser and sets ``func`` (args → exit status). Adding a command = one module + one line here."""

from __future__ import annotations

from types import ModuleType

from govwatch.cli import accounts, beat, manage, probe, proofread, run_due, scores, serve, sites, worker

COMMANDS: tuple[ModuleType, ...] = (
    sites,
    accounts,
    probe,
    scores,
    run_due, serve, worker, beat,
    manage,
    proofread,
)
