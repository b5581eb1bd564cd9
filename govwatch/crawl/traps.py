"""Trap guard: stop endless URL spaces (calendars, session ids, relative-link loops) — issue #2 §2.

A *path pattern* is host + path with every run of digits replaced by ``#`` (``/trap/17`` → ``/trap/#``).
A page is refused when

* it would extend a chain of more than ``limit`` pages of one pattern, each found on the previous one —
  a calendar links day n to day n+1 for ever. Counting the chain rather than all pages of a pattern
  keeps big real sites whole: the thousands of articles of a column share one pattern but are found
  from list pages (another pattern) or from each other a few hops apart;
* ``limit`` other query strings of the same host + path were admitted already (``?month=1``, ``?month=2``);
* a path segment repeats more than ``MAX_SEGMENT_REPEATS`` times (``/a/b/a/b/a/b/a/``).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

_DIGITS = re.compile(r"\d+")
MAX_SEGMENT_REPEATS = 3


def path_pattern(url: str) -> str:
    """``host/path`` with digit runs replaced by ``#`` (query dropped)."""
    parts = urlsplit(url)
    return (parts.hostname or "") + _DIGITS.sub("#", parts.path)


class TrapGuard:
    """Remembers admitted pages' same-pattern chain lengths and query variants per path.

    ``skipped`` counts refusals per pattern.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._runs: dict[str, int] = {}  # url → pages of its pattern in a row ending at it (only if > 0)
        self._queries: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def admit(self, url: str, referrer: str | None) -> bool:
        """True if the page ``url`` (found on ``referrer``) may be crawled; records the admission."""
        parts = urlsplit(url)
        pattern = (parts.hostname or "") + _DIGITS.sub("#", parts.path)
        run = 0
        if referrer is not None and path_pattern(referrer) == pattern:
            run = self._runs.get(referrer, 0) + 1
        path_key = (parts.hostname or "") + parts.path
        if run > self.limit or (parts.query and self._queries[path_key] >= self.limit) or _repeats(parts.path):
            self.skipped[pattern] += 1
            return False
        if run:
            self._runs[url] = run
        if parts.query:
            self._queries[path_key] += 1
        return True

    @property
    def total_skipped(self) -> int:
        """How many page URLs were refused."""
        return sum(self.skipped.values())


def _repeats(path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    if len(segments) <= MAX_SEGMENT_REPEATS:
        return False
    return max(Counter(segments).values()) > MAX_SEGMENT_REPEATS
