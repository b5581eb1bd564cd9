"""``govwatch demo --platform`` as a new user runs it: a real process that registers the sample fleet, scans,
probes and scores it, prints the demo accounts and serves the web UI, where each account sees its scope."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_until(proc: subprocess.Popen[str], needle: str, lines: list[str], timeout: float) -> None:
    end = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        if needle in line:
            return
    raise AssertionError(f"没有等到 {needle!r}：\n" + "".join(lines))


def _login(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}login/", timeout=20).read().decode("utf-8")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page[:500]
    form = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token.group(1)}).encode()
    opener.open(urllib.request.Request(f"{base}login/", data=form, headers={"Referer": f"{base}login/"}), timeout=20)
    return opener


def test_platform_demo_serves_the_sample_fleet_with_demo_accounts(tmp_path: Path) -> None:
    port, sample_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "GOVWATCH_RESOLVE")}
    env.update(GOVWATCH_DATA_DIR=str(tmp_path / "demo"), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "demo", "--platform", "--port", str(port),
                             "--sample-port", str(sample_port)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    try:
        _read_until(proc, "主办单位用户：demo-unit", lines, timeout=180)
        out = "".join(lines)
        assert out.count("扫描完成：") == 3 and "示例县人民政府（http://www.shilixian.gov.cn:" in out
        assert "得分已计算：3 个网站，合格 3" in out
        accounts = dict(line.split("\t") for line in (tmp_path / "demo" / "demo-accounts.txt")
                        .read_text("utf-8").splitlines())
        assert f"demo-admin / {accounts['demo-admin']}" in out
        base = f"http://127.0.0.1:{port}/"
        admin = _login(base, "demo-admin", accounts["demo-admin"])
        sites = admin.open(f"{base}sites/", timeout=20).read().decode("utf-8")
        assert "示例县教育局" in sites and "示例县卫生健康委员会" in sites
        unit = _login(base, "demo-unit", accounts["demo-unit"])
        own = unit.open(f"{base}sites/", timeout=20).read().decode("utf-8")
        assert "示例县人民政府" in own and "示例县教育局" not in own
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
