"""Fixtures for crawl tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from crawltestkit import Pages, write_site

from govwatch.sample.server import ServerThread


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., ServerThread]]:
    """``serve(pages, aliases=(), extra_roots=None)`` serves ``pages`` for host 127.0.0.1 and every host in
    ``aliases``; ``extra_roots`` maps other hosts to their own pages. ``{PORT}`` in a text page becomes
    the server's port. Files are served as written (no date rendering, no charset added). Stopped after
    the test."""
    servers: list[ServerThread] = []

    def start(pages: Pages, aliases: Iterable[str] = (), extra_roots: dict[str, Pages] | None = None) -> ServerThread:
        n = len(servers)
        roots = {"127.0.0.1": tmp_path / f"site{n}"}
        roots |= {alias: roots["127.0.0.1"] for alias in aliases}
        roots |= {host: tmp_path / f"site{n}-{host}" for host in extra_roots or {}}
        srv = ServerThread(roots=roots, default_root=None).start()
        servers.append(srv)
        port = str(srv.port)

        def fill(content: str | bytes) -> str | bytes:
            return content.replace("{PORT}", port) if isinstance(content, str) else content

        write_site(roots["127.0.0.1"], {k: fill(v) for k, v in pages.items()})
        for host, host_pages in (extra_roots or {}).items():
            write_site(roots[host], {k: fill(v) for k, v in host_pages.items()})
        return srv

    yield start
    for srv in servers:
        srv.stop()
