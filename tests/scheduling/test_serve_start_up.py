"""``govwatch serve`` start-up failures exit 2 with a Chinese message, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _serve(tmp_path: Path, port: int, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "GOVWATCH_DATA_DIR": str(tmp_path / "data"), **env}
    full.pop("CELERY_BROKER_URL", None)
    return subprocess.run([sys.executable, "-m", "govwatch", "serve", "--port", str(port), "--no-probes"],
                          cwd=REPO, env=full, capture_output=True, text=True, timeout=120)


def test_port_in_use_exits_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(tmp_path, port, DATABASE_URL="")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"无法在 127.0.0.1:{port} 上监听" in proc.stderr and "Traceback" not in proc.stderr


def test_unreachable_database_exits_2(tmp_path: Path) -> None:
    proc = _serve(tmp_path, 0, DATABASE_URL="postgres://nobody@127.0.0.1:1/x")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "无法连接数据库" in proc.stderr and "DATABASE_URL" in proc.stderr and "Traceback" not in proc.stderr
