"""A small async per-host rate limiter for the collectors.

Platforms throttle hard (m.weibo.cn answers 418 to a burst), so every request to one host waits for a
slot (at most ``concurrency`` requests in flight) and for its start time: starts to one host are at
least ``interval`` seconds apart, and a Retry-After pauses the whole host. Seconds everywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager


class _Host:
    """The state of one host: a semaphore, the next allowed start and a pause end (loop time)."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.slots = asyncio.Semaphore(max(1, concurrency))
        self.interval = max(0.0, interval)
        self.next_start = 0.0
        self.paused_until = 0.0


class HostLimiter:
    """Per-host admission: ``concurrency`` requests in flight, starts ``interval`` seconds apart.

    ``intervals`` overrides the interval for named hosts (lower-case, no port), e.g. ``{"m.weibo.cn": 3}``.
    Create it inside the event loop that uses it.
    """

    def __init__(self, interval: float = 1.0, concurrency: int = 2,
                 intervals: Mapping[str, float] | None = None) -> None:
        self.interval = interval
        self.concurrency = concurrency
        self.intervals = {h.lower(): s for h, s in (intervals or {}).items()}
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        key = host.lower()
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(self.concurrency, self.intervals.get(key, self.interval))
        return state

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one request slot of ``host`` for the body of the ``async with``."""
        state = self._host(host)
        async with state.slots:
            await self._wait_turn(state)
            yield

    async def _wait_turn(self, state: _Host) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = max(loop.time(), state.next_start, state.paused_until)
            wait = start - loop.time()
            if wait <= 0:
                state.next_start = loop.time() + state.interval
                return
            await asyncio.sleep(wait)

    def pause(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts for the next ``seconds`` (the server's Retry-After)."""
        state = self._host(host)
        now = asyncio.get_running_loop().time()
        state.paused_until = max(state.paused_until, now + max(0.0, seconds))
