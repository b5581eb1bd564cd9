"""Progress display for long scans: a live bar on a terminal, a line every few seconds elsewhere."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from govwatch.services.scan import CrawlProgress

Callback = Callable[[CrawlProgress], None]


@contextmanager
def make_progress(quiet: bool = False, every: float = 5.0) -> Iterator[Callback | None]:
    """Yield a callback for ``scan_site``: None when ``quiet``; a rich progress bar (pages done of pages
    known) on a terminal; otherwise a plain line to stderr at most every ``every`` seconds."""
    if quiet:
        yield None
        return
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _plain(every)
        return
    columns = (SpinnerColumn(), TextColumn("抓取网页"), BarColumn(), MofNCompleteColumn(),
               TextColumn("已检查链接 {task.fields[checked]}"), TimeElapsedColumn(),
               TextColumn("[dim]{task.fields[url]}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("scan", total=None, checked=0, url="")

        def update(p: CrawlProgress) -> None:
            bar.update(task, completed=p.pages, total=p.pages + p.queued, checked=p.checked, url=p.url[-60:])

        yield update


def _plain(every: float) -> Callback:
    last = [0.0]

    def update(p: CrawlProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            print(f"进度：已抓取网页 {p.pages}，待抓取 {p.queued}，已检查链接 {p.checked}", file=sys.stderr, flush=True)

    return update
