"""The errors services raise, re-exported so the CLI and web layers import only services."""

import sys

from govwatch.core.config import ConfigError
from govwatch.core.errors import GovwatchError, RulebookError, UsageError

__all__ = ["ConfigError", "GovwatchError", "RulebookError", "UsageError", "database_errors"]


def database_errors() -> tuple[type[BaseException], ...]:
    """Django's "cannot reach/use the database" errors (OperationalError, InterfaceError), or () when
    Django's database layer was never imported (then none of them can have been raised). For an
    ``except database_errors():`` clause that does not import Django for commands that do not need it.
    """
    db = sys.modules.get("django.db")
    return (db.OperationalError, db.InterfaceError) if db is not None else ()
