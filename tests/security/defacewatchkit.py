"""Helpers of the 防篡改巡检 tests: the deface fixture homepages (tests/security/site/deface/v1…v4) served
from a folder under a host of the reserved ``.invalid`` domain (reachable only through GOVWATCH_RESOLVE),
and a real local notification endpoint that can fail and come back."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from seckit import SITE

HOST = "www.deface-watch.invalid"  # RFC 6761: never resolves, so only a --resolve pin reaches it
VERSIONS = SITE / "deface"
T0 = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


def put(root: Path, version: str) -> None:
    """Serve fixture homepage ``version`` ('v1' … 'v4') as the site's index.html."""
    shutil.copy(VERSIONS / f"{version}.html", root / "index.html")


def take_down(root: Path) -> None:
    """Remove the homepage (the server answers 404)."""
    (root / "index.html").unlink(missing_ok=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            failing = self.server.failing
            if not failing:
                self.server.received.append((self.path, json.loads(raw or b"{}")))
        self.send_response(503 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, Any]] = []
        self.failing = False
        self.lock = threading.Lock()


class FlakyHook:
    """A JSON endpoint on 127.0.0.1 (apprise ``json://``) answering 503 while ``down`` is set."""

    def __enter__(self) -> FlakyHook:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def set_down(self, down: bool) -> None:
        with self._server.lock:
            self._server.failing = down

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self._server.server_address[1]}/hook"

    @property
    def received(self) -> list[tuple[str, Any]]:
        with self._server.lock:
            return list(self._server.received)
