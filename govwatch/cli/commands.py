"""Subcommands beyond ``scan`` and ``demo``: one module each under ``govwatch.cli``, with
``add_parser(subparsers)`` that adds its parser and sets ``func`` (args → exit status), and an optional
``ORDER`` (int, default 100) placing it in ``govwatch --help``. Adding a command = one module; this module
finds every module of the package that has ``add_parser``."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import govwatch.cli as _package

_SKIP = {"commands", "main", "parser", "progress", "validate"}


def _discover() -> tuple[ModuleType, ...]:
    modules = [importlib.import_module(f"govwatch.cli.{info.name}")
               for info in pkgutil.iter_modules(_package.__path__) if info.name not in _SKIP]
    found = [m for m in modules if hasattr(m, "add_parser")]
    return tuple(sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__)))


COMMANDS: tuple[ModuleType, ...] = _discover()
