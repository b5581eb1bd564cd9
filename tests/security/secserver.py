"""A fixture server for the security tests: the project's sample server plus

* a working site search at ``/search?q=`` (GET or POST) over the served root's HTML files (title/h1),
* ``__PORT__`` in served HTML replaced by the server's port (fixture links to other pinned hosts),
* listening on 127.0.0.1 and, where the machine has IPv6 loopback, on ::1 (same port).
"""

from __future__ import annotations

import html
import re
import socket
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web

from govwatch.sample.server import SampleServer, ServerThread

_TITLE = re.compile(r"<title>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.S | re.I)


def has_ipv6_loopback() -> bool:
    """True when a socket can bind ::1 here."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


class _Sample(SampleServer):
    port = 0

    def app(self) -> web.Application:
        app = super().app()
        app.middlewares.append(self._extras)
        return app

    def _root(self, request: web.Request) -> Path | None:
        return self.roots.get((request.host or "").split(":")[0].lower(), self.default_root)

    @web.middleware
    async def _extras(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        if request.path == "/search":
            return await self._search(request)
        response = await handler(request)
        if isinstance(response, web.Response) and (response.content_type or "") == "text/html" and response.body:
            body = bytes(response.body).replace(b"__PORT__", str(self.port).encode())  # type: ignore[arg-type]
            response.body = body
        return response

    async def _search(self, request: web.Request) -> web.Response:
        query = request.query.get("q", "") or str((await request.post()).get("q", ""))
        root = self._root(request)
        hits = []
        if query and root is not None:
            for path in sorted(root.rglob("*.html")):
                text = path.read_text(encoding="utf-8", errors="replace")
                names = ["".join(m) for m in _TITLE.findall(text)]
                if any(query in name for name in names):
                    hits.append((f"/{path.relative_to(root).as_posix()}", names[0]))
        items = "".join(f'<li><a href="{href}">{html.escape(title)}</a></li>' for href, title in hits)
        body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>搜索结果</title></head><body>"
                f"<form action='/search'><input name='q' value='{html.escape(query)}'></form>"
                f"<p>共 {len(hits)} 条</p><ul>{items}</ul></body></html>")
        return web.Response(text=body, content_type="text/html")


class SecServer(ServerThread):
    """:class:`ServerThread` with the extras above. ``ipv6`` also listen on ::1 (when available)."""

    def __init__(self, roots: Mapping[str, Path] | None = None, *, default_root: Path | None = None,
                 ipv6: bool = True, **kw: object) -> None:
        super().__init__(roots, default_root=default_root, **kw)  # type: ignore[arg-type]
        sample = _Sample(roots, None, default_root, kw.get("headers"))  # type: ignore[arg-type]
        self.sample = sample
        self.ipv6 = ipv6 and has_ipv6_loopback()

    async def _start(self) -> None:
        await super()._start()
        assert isinstance(self.sample, _Sample)
        self.sample.port = self.port
        if self.ipv6 and self._runner is not None:
            site = web.TCPSite(self._runner, "::1", self.port, reuse_address=True, ssl_context=self.ssl_context)
            await site.start()
