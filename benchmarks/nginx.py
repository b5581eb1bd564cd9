"""A private nginx serving a folder on 127.0.0.1 for the crawl benchmark.

Its own config file, pidfile, logs and temp dirs all live in a work folder; no system config is read or
touched. It answers with a ``LinkChecker`` header so LinkChecker lifts its per-host rate limit (without
it LinkChecker waits 0.1–0.6 s between two requests to one host, whatever its config says).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

_CONF = """\
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{
        text/html html; text/css css; application/javascript js; image/jpeg jpg; image/png png;
        application/pdf pdf; application/msword doc; application/vnd.ms-excel xls; text/plain txt;
    }}
    default_type application/octet-stream;
    log_format bench '$request_method $status $body_bytes_sent "$request_uri"';
    access_log {work}/access.log bench;
    client_body_temp_path {work}/tmp/client_body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    open_file_cache max=20000 inactive=60s;
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        root {root};
        index index.html;
        charset utf-8;
        add_header LinkChecker benchmark always;
    }}
}}
"""


class NginxError(RuntimeError):
    """nginx is missing or did not start; the message says why (in Chinese, for the console)."""


@dataclass(frozen=True)
class LogLine:
    """One request from the access log: method, status, body bytes and the request URI as sent."""

    method: str
    status: int
    size: int
    uri: str


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Nginx:
    """nginx serving ``root`` on 127.0.0.1 with every file in ``work``.

    ``start()`` returns the port; ``stop()`` sends SIGQUIT to the pid in the pidfile and waits (SIGTERM,
    then SIGKILL after 10 s). ``log_offset()`` and ``read_log(since)`` slice the access log by run.
    Raises NginxError when the binary is missing or the server does not answer within 10 s.
    """

    def __init__(self, root: Path, work: Path, binary: str | None = None) -> None:
        self.root, self.work = root.resolve(), work.resolve()
        self.binary = binary or shutil.which("nginx") or "/usr/sbin/nginx"
        self.port = 0
        self.pid = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def access_log(self) -> Path:
        """Path of the access log."""
        return self.work / "access.log"

    def start(self, attempts: int = 3) -> int:
        """Start nginx on a free port; return the port."""
        if not Path(self.binary).is_file():
            raise NginxError("找不到 nginx：请先运行 scripts/bench（会用 apt-get 安装 nginx）")
        (self.work / "tmp").mkdir(parents=True, exist_ok=True)
        # Workers run as 'nobody' when we are root: they must reach and read the site (mkdtemp is 0700).
        for folder, bits in ((self.root, 0o005), *((p, 0o001) for p in self.root.parents)):
            mode = folder.stat().st_mode
            if mode & bits != bits:
                folder.chmod(mode | bits)
        error = ""
        for _ in range(attempts):  # the port may be taken between free_port() and nginx's bind
            self.port = free_port()
            conf = self.work / "nginx.conf"
            conf.write_text(_CONF.format(work=self.work, port=self.port, root=self.root), encoding="utf-8")
            # In the foreground (daemon off) so the master is our child: we reap it, no orphan remains.
            self._proc = subprocess.Popen(
                [self.binary, "-p", str(self.work), "-e", str(self.work / "error.log"), "-c", str(conf),
                 "-g", "daemon off;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=(self.work / "nginx.stderr").open("wb"))
            if self._wait_ready():
                return self.port
            self.stop()
            error = self._error_tail()
        raise NginxError(f"nginx 启动失败：{error.strip()[-500:]}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self._proc is not None and self._proc.poll() is None:
            pid = self._read_pid()
            if pid:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        self.pid = pid
                        return True
                except OSError:
                    pass
            time.sleep(0.05)
        return False

    def _read_pid(self) -> int:
        try:
            return int((self.work / "nginx.pid").read_text().strip())
        except (OSError, ValueError):
            return 0

    def _error_tail(self) -> str:
        text = ""
        for name in ("nginx.stderr", "error.log"):
            with contextlib.suppress(OSError):
                text += (self.work / name).read_text(encoding="utf-8", errors="replace")[-500:]
        return text

    def worker_pids(self) -> list[int]:
        """Pids of the worker processes (children of the master), read from /proc."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in children]

    def stop(self) -> None:
        """Stop the master whose pid is in the pidfile; a no-op when it is not running."""
        pid = self._read_pid() or self.pid or (self._proc.pid if self._proc else 0)
        for sig, wait in ((signal.SIGQUIT, 10.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
            if not pid or not _alive(pid):
                break
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _alive(pid):
                if self._proc is not None and self._proc.pid == pid:
                    self._proc.poll()  # reap our own child so it does not linger as a zombie
                time.sleep(0.05)
        if self._proc is not None:
            self._proc.poll()
            self._proc = None

    def log_offset(self) -> int:
        """Current size of the access log in bytes (nginx writes each line as the request ends)."""
        try:
            return self.access_log.stat().st_size
        except OSError:
            return 0

    def read_log(self, since: int = 0) -> list[LogLine]:
        """Requests logged after byte offset ``since``; malformed lines are skipped."""
        with self.access_log.open("rb") as fh:
            fh.seek(since)
            raw = fh.read().decode("utf-8", errors="replace")
        lines = []
        for line in raw.splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
                lines.append(LogLine(parts[0], int(parts[1]), int(parts[2]), parts[3].strip('"')))
        return lines

    def __enter__(self) -> Nginx:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
