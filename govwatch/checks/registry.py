"""The one list of checks a scan runs. Adding a check = one module + one line here."""

from __future__ import annotations

from types import ModuleType

CHECKS: list[ModuleType] = []
