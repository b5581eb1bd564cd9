"""Bootstraps the Django platform for the CLI, workers and tests (settings from the environment)."""

from __future__ import annotations

import os

from govwatch.core.config import ConfigError

__all__ = ["ConfigError", "setup", "migrate"]


def setup() -> None:
    """Configure Django once (``DJANGO_SETTINGS_MODULE`` defaults to govwatch.web.settings).

    Raises ConfigError naming the variable when the environment holds a bad value.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govwatch.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    """Create or upgrade the database schema (idempotent)."""
    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
