"""A tiny real HTTP endpoint for the notification tests of every area (rectify, desk, the notify.retry job):
apprise ``json://127.0.0.1:PORT/ok`` lands here and is recorded; any path under ``/fail`` answers 500, and
every path does while ``set_down(True)``. Use ``with HookServer() as hook: hook.url("ok")``. Lives at the
tests root (on sys.path through tests/conftest.py) so each package imports the same one."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with self.server.lock:
            failing = self.path.startswith("/fail") or self.server.down
        if not failing:
            try:
                payload: Any = json.loads(raw or b"{}")
            except ValueError:
                payload = {"raw": raw.decode("utf-8", "replace")}
            with self.server.lock:
                self.server.received.append((self.path, payload))
        self.send_response(500 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, Any]] = []
        self.down = False
        self.lock = threading.Lock()


class HookServer:
    """Context manager running the endpoint in a thread; ``received`` lists (path, json body)."""

    def __enter__(self) -> HookServer:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "ok") -> str:
        """An apprise URL posting JSON to ``/path`` on this server."""
        return f"json://127.0.0.1:{self.port}/{path}"

    def set_down(self, down: bool) -> None:
        """While ``down``, every request answers 500 and nothing is recorded (an endpoint that is away)."""
        with self._server.lock:
            self._server.down = down

    @property
    def received(self) -> list[tuple[str, Any]]:
        with self._server.lock:
            return list(self._server.received)
