"""A fixture HTTP server on 127.0.0.1:<free port> whose pages a test sets and changes between checks
(an upstream RSS feed or list page, the portal's column page), plus row builders for ledger tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


class Pages:
    """path → (body bytes, content type); ``url(path)`` the absolute URL on the running server."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.base = ""

    def set(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = (body.encode("utf-8") if isinstance(body, str) else body, content_type)
        return self.url(path)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve() -> Iterator[Pages]:
    """Run a server for the test's pages; unknown paths answer 404."""
    pages = Pages()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            found = pages.routes.get(self.path)
            body, ctype = found if found else (b"not found", "text/plain")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pages.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield pages
    finally:
        server.shutdown()
        server.server_close()


def rss(items: list[tuple[str, str, datetime | None]]) -> str:
    """An RSS 2.0 document of (title, link, published) items."""
    parts = []
    for title, link, when in items:
        date = f"<pubDate>{format_datetime(when)}</pubDate>" if when else ""
        parts.append(f"<item><title>{escape(title)}</title><link>{escape(link)}</link>{date}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>最新政策</title>'
            f"<link>http://www.gov.cn/</link>{''.join(parts)}</channel></rss>")


def list_page(rows: list[tuple[str, str, str]], title: str = "政策文件") -> str:
    """A column list page of (title, href, YYYY-MM-DD) rows."""
    lis = "".join(f'<li><a href="{href}" title="{escape(t)}">{escape(t)}</a><span>{day}</span></li>'
                  for t, href, day in rows)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><h1>{title}</h1><ul class='list'>{lis}</ul>"
            "<div class='footer'>主办单位：某市人民政府</div></body></html>")
