"""The errors services raise, re-exported so the CLI and web layers import only services."""

from govwatch.core.config import ConfigError
from govwatch.core.errors import GovwatchError, RulebookError, UsageError

__all__ = ["ConfigError", "GovwatchError", "RulebookError", "UsageError"]
