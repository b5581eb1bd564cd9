"""Per-host politeness (issue #2 §2): an adaptive concurrency limit, a delay floor and Retry-After pauses.

Each host has a :class:`HostGate`. Its limit follows AIMD, as TCP congestion control does: +1/limit per
fast success (about +1 per round of requests), ×½ on 429, 503 or a timeout, ×¾ when a response takes
more than three times the host's usual latency; at most one cut per ``_CUT_COOLDOWN`` seconds so that
one burst of failures counts once. Starts of requests to one host are ``min_delay`` seconds apart;
a Retry-After pauses every request to the host until it expires.
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque

_CUT_COOLDOWN = 1.0  # seconds between two multiplicative decreases of one host's limit
_SLOW_FACTOR = 3.0  # a response this many times slower than the host's average is "latency growth"
_SLOW_FLOOR = 0.5  # seconds; faster responses never count as latency growth
_EWMA_ALPHA = 0.2


class Outcome(enum.Enum):
    """What one request to a host told us about its load."""

    SUCCESS = "success"  # an answer (any status but 429/503)
    OVERLOAD = "overload"  # 429, 503 or a timeout
    FAILURE = "failure"  # an error that says nothing about load (refused, DNS, reset)


class HostGate:
    """Admission control for one host. ``limit`` is the current allowed concurrency (1..max_limit)."""

    def __init__(self, max_limit: int, min_delay: float = 0.0) -> None:
        self.max_limit = max(1, max_limit)
        self.limit = float(self.max_limit)
        self.min_delay = max(0.0, min_delay)
        self.active = 0
        self.latency: float | None = None  # EWMA of response seconds
        self._next_start = 0.0
        self._paused_until = 0.0
        self._last_cut = -_CUT_COOLDOWN
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        """Wait for a free slot, then for the delay floor and any pause; hold the slot until release."""
        loop = asyncio.get_running_loop()
        while self.active >= int(self.limit):
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                self._wake()  # pass the wake-up on if we were chosen and then cancelled
                raise
        self.active += 1
        try:
            while (wait := max(self._next_start, self._paused_until) - loop.time()) > 0:
                await asyncio.sleep(wait)
        except BaseException:
            self.active -= 1
            self._wake()
            raise
        self._next_start = loop.time() + self.min_delay

    def release(self, outcome: Outcome, seconds: float) -> None:
        """Give the slot back and adapt the limit to what the request took (``seconds``) and returned."""
        self.active -= 1
        self._adapt(outcome, seconds)
        self._wake()

    def pause(self, seconds: float) -> None:
        """No request to this host starts for ``seconds`` (Retry-After); also halves the limit."""
        loop = asyncio.get_running_loop()
        self._paused_until = max(self._paused_until, loop.time() + seconds)

    def _adapt(self, outcome: Outcome, seconds: float) -> None:
        if outcome is Outcome.OVERLOAD:
            self._cut(0.5)
            return
        if outcome is Outcome.FAILURE:
            return
        previous = self.latency
        self.latency = seconds if previous is None else previous + _EWMA_ALPHA * (seconds - previous)
        if previous is not None and seconds > _SLOW_FLOOR and seconds > _SLOW_FACTOR * previous:
            self._cut(0.75)
        elif self.limit < self.max_limit:
            self.limit = min(float(self.max_limit), self.limit + 1.0 / self.limit)

    def _cut(self, factor: float) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._last_cut < _CUT_COOLDOWN:
            return
        self._last_cut = now
        self.limit = max(1.0, self.limit * factor)

    def _wake(self) -> None:
        free = int(self.limit) - self.active
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1


class Politeness:
    """The gates of one crawl, one per host, created on first use with the crawl's settings."""

    def __init__(self, max_limit: int, min_delay: float) -> None:
        self.max_limit = max_limit
        self.min_delay = min_delay
        self._gates: dict[str, HostGate] = {}

    def gate(self, host: str) -> HostGate:
        """The gate of ``host`` (lower-case name, no port)."""
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self.max_limit, self.min_delay)
        return gate

    def set_min_delay(self, host: str, seconds: float) -> None:
        """Raise the delay floor of one host (robots.txt Crawl-delay)."""
        gate = self.gate(host)
        gate.min_delay = max(gate.min_delay, seconds)
