"""Errors of ours. Each message is Chinese, for the person at the terminal, and says what to do."""


class GovwatchError(Exception):
    """Base of every error govwatch raises on purpose."""


class UsageError(GovwatchError):
    """Bad input from the user (a malformed URL, flag or registry file); the CLI exits 2 on it."""


class RulebookError(GovwatchError):
    """A rulebook YAML that does not validate; the message names the file and the field."""
