"""The crawl frontier: FIFO lanes of tasks (breadth-first), shared by worker coroutines.

Two lanes keep slow outside hosts from starving the site itself: ``SITE`` (everything on the scan's
hosts: pages and their images, CSS, attachments) and ``EXTERNAL`` (links to other hosts, checked only).
The frontier is finished when every lane is empty and no task is in flight; then :meth:`Frontier.pop`
returns None to every worker.
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from dataclasses import dataclass

from govwatch.core.models import LinkKind


class Lane(enum.Enum):
    """Which pool of workers runs a task."""

    SITE = "site"
    EXTERNAL = "external"


@dataclass(frozen=True, slots=True)
class Task:
    """One URL to handle: ``parse`` → GET and parse as an HTML page, else check only.

    ``depth`` clicks from the homepage; ``seed`` for the homepage and declared columns (fetched whatever
    the page limit); ``home`` for the homepage itself.
    """

    url: str
    kind: LinkKind
    depth: int
    parse: bool
    seed: bool = False
    home: bool = False


class Frontier:
    """Queued tasks per lane plus the count of unfinished ones (queued or running)."""

    def __init__(self) -> None:
        self._lanes: dict[Lane, deque[Task]] = {lane: deque() for lane in Lane}
        self._waiters: dict[Lane, deque[asyncio.Future[None]]] = {lane: deque() for lane in Lane}
        self.unfinished = 0

    @property
    def queued(self) -> int:
        """Tasks waiting in all lanes."""
        return sum(len(q) for q in self._lanes.values())

    def push(self, lane: Lane, task: Task) -> None:
        """Queue ``task`` at the end of ``lane`` and wake one idle worker of that lane."""
        self._lanes[lane].append(task)
        self.unfinished += 1
        waiters = self._waiters[lane]
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    async def pop(self, lane: Lane) -> Task | None:
        """Next task of ``lane``; waits while other tasks may still add work; None when all is done."""
        queue = self._lanes[lane]
        while not queue:
            if self.unfinished == 0:
                return None
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters[lane].append(waiter)
            await waiter
        return queue.popleft()

    def done(self) -> None:
        """Mark one popped task finished; when nothing is left, release every waiting worker."""
        self.unfinished -= 1
        if self.unfinished == 0:
            for waiters in self._waiters.values():
                while waiters:
                    waiter = waiters.popleft()
                    if not waiter.done():
                        waiter.set_result(None)
