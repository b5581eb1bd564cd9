"""A local HTTP server for the bundled sample government site, stored real pages and fault routes.

Used by the demo (``govwatch demo``), the tests and the benchmarks; it only ever binds 127.0.0.1.
It imports nothing else of govwatch, so any layer's tests can use it.

Sites are chosen by the request's Host header (without port), the way ``curl --resolve`` lets a stored
site be served as if live: ``roots={"wsjkw.sh.gov.cn": Path(...)}``; any other host gets the bundled
sample site. In the sample site's ``.html`` files, ``{{d-N}}`` becomes the date N days before ``today``
as ``YYYY-MM-DD`` and ``{{d-N:FORMAT}}`` uses a strftime FORMAT (``{{d-3:%Y年%m月%d日}}``), so the sample
is always fresh or stale by the same margin whatever day it runs.

Fault routes (any host):
``/status/CODE`` answers CODE; ``/slow?s=SECONDS`` waits, then answers a page; ``/reset`` closes the
connection without an answer; ``/429?retry_after=S`` answers 429 with Retry-After until S seconds after
the first hit from a path, then 200 (``&date=1`` sends Retry-After as an HTTP date); ``/gbk`` a GBK
page without a charset header; ``/redirect-loop`` redirects to itself through ``/redirect-loop/b``;
``/redirect?n=N`` N hops then a page; ``/huge`` a 50 MB body streamed; ``/trap/…`` an endless calendar
of links; ``/waf`` a 200 captcha page as WAFs send; ``/flaky?fail=N`` answers 503 to the first N hits, then 200; ``/no-head`` answers 405 to HEAD;
``/goto?url=U`` redirects (302) to U, which may be on another host.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import ssl
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote

from aiohttp import web

SAMPLE_SITE = Path(__file__).parent / "site"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_CHINA = timezone(timedelta(hours=8))
_DATE_PLACEHOLDER = re.compile(r"\{\{d-(\d+)(?::([^}]+))?\}\}")
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "application/javascript",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".pdf": "application/pdf", ".txt": "text/plain", ".xml": "application/xml",
    ".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_dates(text: str, today: date) -> str:
    """Replace ``{{d-N}}`` / ``{{d-N:FORMAT}}`` placeholders with dates N days before ``today``."""

    def one(match: re.Match[str]) -> str:
        day = today - timedelta(days=int(match.group(1)))
        return day.strftime(match.group(2) or "%Y-%m-%d")

    return _DATE_PLACEHOLDER.sub(one, text)


class SampleServer:
    """The aiohttp application plus hit counters. ``hits[path]`` counts requests per path (with query),
    ``methods[path]`` the methods used, so tests can assert that a URL was fetched once."""

    def __init__(self, roots: Mapping[str, Path] | None = None, today: date | None = None,
                 default_root: Path | None = SAMPLE_SITE,
                 headers: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.roots = {h.lower(): Path(p) for h, p in (roots or {}).items()}
        self.headers = {h.lower(): dict(v) for h, v in (headers or {}).items()}
        self.default_root = default_root
        self.today = today or datetime.now(_CHINA).date()  # the calendar the scan judges in
        self.hits: Counter[str] = Counter()
        self.methods: dict[str, list[str]] = {}
        self._first_hit: dict[str, float] = {}

    def app(self) -> web.Application:
        """Build the aiohttp application."""
        app = web.Application(middlewares=[self._count])
        r = app.router
        r.add_route("*", r"/status/{code:\d+}", self.status)
        r.add_route("*", "/slow", self.slow)
        r.add_route("*", "/reset", self.reset)
        r.add_route("*", "/429", self.too_many)
        r.add_route("*", "/gbk", self.gbk)
        r.add_route("*", "/redirect-loop", self.redirect_loop)
        r.add_route("*", "/redirect-loop/b", self.redirect_loop)
        r.add_route("*", "/redirect", self.redirect)
        r.add_route("*", "/huge", self.huge)
        r.add_route("*", "/trap/{tail:.*}", self.trap)
        r.add_route("*", "/waf", self.waf)
        r.add_route("*", "/flaky", self.flaky)
        r.add_route("*", "/no-head", self.no_head)
        r.add_route("*", "/goto", self.goto)
        r.add_route("*", "/{tail:.*}", self.static)
        return app

    @web.middleware
    async def _count(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        key = request.path_qs
        self.hits[key] += 1
        self.methods.setdefault(key, []).append(request.method)
        response = await handler(request)
        response.headers.update(self.headers.get((request.host or "").split(":")[0].lower(), {}))
        return response

    async def status(self, request: web.Request) -> web.StreamResponse:
        code = int(request.match_info["code"])
        return web.Response(status=code, text=f"<html><body><h1>{code}</h1></body></html>",
                            content_type="text/html")

    async def slow(self, request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(float(request.query.get("s", "2")))
        return _page("慢速页面", "<p>这个页面响应很慢。</p>")

    async def reset(self, request: web.Request) -> web.StreamResponse:
        transport = request.transport
        if transport is not None:
            transport.abort()
        raise asyncio.CancelledError()

    async def too_many(self, request: web.Request) -> web.StreamResponse:
        wait = float(request.query.get("retry_after", "1"))
        first = self._first_hit.setdefault(request.path_qs, time.monotonic())
        if time.monotonic() - first < wait:
            value = str(int(wait) or 1)
            if request.query.get("date"):  # the HTTP-date form of Retry-After
                value = formatdate(time.time() + (int(wait) or 1), usegmt=True)
            return web.Response(status=429, headers={"Retry-After": value}, text="busy")
        return _page("限流后恢复", "<p>稍后重试成功。</p>")

    async def gbk(self, request: web.Request) -> web.StreamResponse:
        body = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                "<title>GBK编码页面</title></head><body><p>朱镕基同志在政府工作报告中指出。</p>"
                '<a href="/">返回首页</a></body></html>').encode("gb18030")
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    async def redirect_loop(self, request: web.Request) -> web.StreamResponse:
        target = "/redirect-loop/b" if request.path == "/redirect-loop" else "/redirect-loop"
        raise web.HTTPFound(target)

    async def redirect(self, request: web.Request) -> web.StreamResponse:
        n = int(request.query.get("n", "1"))
        if n <= 0:
            return _page("跳转终点", "<p>到达。</p>")
        raise web.HTTPFound(f"/redirect?n={n - 1}")

    async def huge(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        try:
            for _ in range(800):  # ~50 MB; a client with a size cap hangs up long before
                await response.write(chunk)
            await response.write_eof()
        except ConnectionResetError:  # the client hung up, as it should (aiohttp's error subclasses this)
            pass
        return response

    async def trap(self, request: web.Request) -> web.StreamResponse:
        n = int(re.sub(r"\D", "", request.match_info["tail"]) or "0")
        links = "".join(f'<li><a href="/trap/{n + k}">第{n + k}页</a></li>' for k in (1, 2))
        cal = f'<a href="/trap/{n + 1}?month={n % 12 + 1}">下月</a>'
        return _page(f"日历 {n}", f"<ul>{links}</ul>{cal}")

    async def waf(self, request: web.Request) -> web.StreamResponse:
        return _page("安全验证", '<div id="captcha">请输入验证码继续访问</div><p>访问过于频繁，请完成安全验证。</p>')

    async def flaky(self, request: web.Request) -> web.StreamResponse:
        fail = int(request.query.get("fail", "1"))
        if self.hits[request.path_qs] <= fail:
            return web.Response(status=503, text="temporarily unavailable")
        return _page("恢复", "<p>重试后成功。</p>")

    async def no_head(self, request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(body=b"%PDF-1.4\n%fake\n", content_type="application/pdf")

    async def goto(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(request.query.get("url", "/"))

    async def static(self, request: web.Request) -> web.StreamResponse:
        host = (request.host or "").split(":")[0].lower()
        root = self.roots.get(host, self.default_root)
        if root is None:
            raise web.HTTPNotFound()
        path = (root / unquote(request.path).lstrip("/")).resolve()
        if not path.is_relative_to(root.resolve()):
            raise web.HTTPForbidden()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return web.Response(status=404, text="<html><body>404 Not Found</body></html>",
                                content_type="text/html")
        data = path.read_bytes()
        if root == self.default_root and path.suffix == ".html":
            data = render_dates(data.decode("utf-8"), self.today).encode("utf-8")
        ctype = _TYPES.get(path.suffix.lower(), "application/octet-stream")
        if ctype == "text/html" and root == self.default_root:
            ctype += "; charset=utf-8"
        return web.Response(body=data, headers={"Content-Type": ctype})


def _page(title: str, body: str) -> web.Response:
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    return web.Response(text=html, content_type="text/html")


class ServerThread:
    """Runs a :class:`SampleServer` on 127.0.0.1 in a background thread.

    Use as a context manager: ``with ServerThread() as srv: srv.url`` → ``http://127.0.0.1:PORT``.
    ``port=0`` picks a free port. ``srv.sample`` is the :class:`SampleServer` (hit counters).
    ``ssl_context`` serves HTTPS instead (then ``srv.url`` starts with https://); ``headers`` maps a host
    to response headers added to (or replacing, e.g. ``Server``) every answer for that host.
    """

    def __init__(self, roots: Mapping[str, Path] | None = None, today: date | None = None,
                 port: int = 0, default_root: Path | None = SAMPLE_SITE,
                 ssl_context: ssl.SSLContext | None = None,
                 headers: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.sample = SampleServer(roots, today, default_root, headers)
        self.port = port
        self.ssl_context = ssl_context
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, no trailing slash."""
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> ServerThread:
        """Start serving; returns self once the port is bound."""
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        # Cancel a handler when its client hangs up (a timed-out /slow stops sleeping), and do not wait
        # a minute for stragglers on stop.
        self._runner = web.AppRunner(self.sample.app(), access_log=None, handle_signals=False,
                                     handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True, ssl_context=self.ssl_context)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server) and server.sockets  # bound just above
        self.port = server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Stop serving and end the thread."""
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """``python -m govwatch.sample.server [--port N] [--root HOST=DIR …]``: serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description="本地示例政府网站服务器（仅监听 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", action="append", default=[], metavar="HOST=DIR",
                        help="把某个主机名映射到一个目录（如已保存的真实网站）")
    args = parser.parse_args(argv)
    roots = dict(item.split("=", 1) for item in args.root)
    with ServerThread({h: Path(d) for h, d in roots.items()}, port=args.port) as srv:
        print(f"示例网站已启动：{srv.url}/  （Ctrl-C 停止）", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
