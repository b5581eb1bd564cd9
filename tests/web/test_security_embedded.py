"""The embedded default still works with the hardened settings (issue #4 §7): a real ``govwatch serve``
(waitress, DEBUG off, 127.0.0.1, plain HTTP) serves the login form, accepts a login whose cookies come
back over HTTP, records it in the audit log with the address, serves the API with a token and the API docs
with their locally served Swagger UI files — and neither redirects to HTTPS nor sends HSTS."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Embedded-pass-2026"


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL") and not k.startswith("GOVWATCH_")}
    env.update(GOVWATCH_DATA_DIR=str(data), PYTHONUNBUFFERED="1")
    return env


def _govwatch(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "govwatch", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "serve", "--port", "0", "--workers", "1",
                             "--no-probes"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    assert proc.stdout is not None
    deadline, lines = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if found := re.search(r"(http://127\.0\.0\.1:\d+/)", line):
            return proc, found[1]
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("govwatch serve did not start: " + "".join(lines))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _login(base: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    with opener.open(f"{base}login/", timeout=20) as page:
        html = page.read().decode()
        assert page.status == 200 and "Strict-Transport-Security" not in page.headers
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, html
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "username": "em-admin",
                                   "password": PASSWORD}).encode()
    request = urllib.request.Request(f"{base}login/", data=body, headers={"Referer": f"{base}login/"})
    try:
        opener.open(request, timeout=20)
        raise AssertionError("login did not redirect")
    except urllib.error.HTTPError as exc:  # the 302 after a successful login (redirects not followed)
        assert exc.code == 302 and not exc.headers["Location"].startswith("https:"), exc.headers
    cookies = {c.name: c for c in jar}
    assert "sessionid" in cookies and not cookies["sessionid"].secure and not cookies["csrftoken"].secure
    return opener, jar


def test_serve_with_the_hardened_settings(tmp_path: Path) -> None:
    env = _env(tmp_path / "data")
    _govwatch(env, "users", "add", "em-admin", "--role", "admin", "--password", PASSWORD)
    key = re.search(r"：(\w{40})", _govwatch(env, "api-token", "em-admin"))
    assert key
    proc, base = _start(env)
    try:
        opener, _ = _login(base)
        with opener.open(f"{base}audit/?action=login", timeout=20) as page:
            audit = page.read().decode()
        assert "em-admin" in audit and "登录成功" in audit and "127.0.0.1" in audit
        with opener.open(f"{base}api/docs/", timeout=20) as page:
            docs = page.read().decode()
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', docs)
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets), docs
        for asset in assets:
            with opener.open(base.rstrip("/") + asset, timeout=20) as static:
                assert static.status == 200 and len(static.read()) > 100
        api = urllib.request.Request(f"{base}api/v1/sites/", headers={"Authorization": f"Token {key[1]}"})
        with urllib.request.urlopen(api, timeout=20) as response:
            assert response.status == 200 and json.loads(response.read())["count"] == 0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=30)
