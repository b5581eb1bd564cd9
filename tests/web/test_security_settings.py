"""Security settings (issue #4 §7): ``check --deploy`` clean with the production settings, secure session
cookies, login throttling with django-axes on the real login page and the admin login, upload limits."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from apipersonas import fast_passwords
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from personakit import PASSWORD, make_personas

from govwatch.storage.models import AuditEvent

REPO = Path(__file__).resolve().parents[2]
__all__ = ["fast_passwords"]


def test_check_deploy_with_production_settings_is_clean(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVWATCH_", "DJANGO_", "DATABASE_URL"))}
    env.update(GOVWATCH_DATA_DIR=str(tmp_path), GOVWATCH_ALLOWED_HOSTS="govwatch.example.gov.cn")
    done = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
                           "--settings=govwatch.web.settings_production"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout, done.stdout + done.stderr


def test_production_settings_add_https_only_hardening() -> None:
    prod = importlib.import_module("govwatch.web.settings_production")
    assert prod.DEBUG is False and prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SECURE_SSL_REDIRECT and prod.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS and prod.SECURE_HSTS_PRELOAD
    assert prod.SECURE_REFERRER_POLICY == "same-origin"
    assert prod.AUTHENTICATION_BACKENDS == settings.AUTHENTICATION_BACKENDS  # everything else is inherited


def test_embedded_default_stays_usable_over_plain_http() -> None:
    assert not settings.SESSION_COOKIE_SECURE and not settings.CSRF_COOKIE_SECURE
    assert not settings.SECURE_SSL_REDIRECT and not settings.SECURE_HSTS_SECONDS
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AUTHENTICATION_BACKENDS[0] == "govwatch.web.security.LoginThrottleBackend"


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_passwords")
def test_session_cookie_is_httponly_lax_and_expires() -> None:
    make_personas()
    response = Client().post(reverse("login"), {"username": "p-operator", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    assert int(cookie["max-age"]) == 8 * 3600
    page = Client().get(reverse("login"))
    assert page["X-Frame-Options"] == "DENY" and page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"


def _fail(client: Client, url: str, username: str, times: int) -> None:
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"})
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_passwords")
def test_five_failures_lock_the_login_for_thirty_minutes() -> None:
    make_personas()
    client = Client(REMOTE_ADDR="10.1.1.1")
    _fail(client, reverse("login"), "p-operator", 4)
    ok = Client(REMOTE_ADDR="10.1.1.1").post(reverse("login"), {"username": "p-operator", "password": PASSWORD})
    assert ok.status_code == 302  # 4 failures are not enough; a success resets the count
    _fail(client, reverse("login"), "p-operator", 4)
    locked = client.post(reverse("login"), {"username": "p-operator", "password": "wrong-password"})
    assert locked.status_code == 429
    right = client.post(reverse("login"), {"username": "p-operator", "password": PASSWORD})
    text = right.content.decode()
    assert right.status_code == 429 and "登录已被暂时锁定" in text and "30 分钟" in text and "5 次" in text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", summary__contains="锁定").exists()
    other = Client(REMOTE_ADDR="10.1.1.1").post(reverse("login"), {"username": "p-admin", "password": PASSWORD})
    assert other.status_code == 302  # another account is not locked
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31))
    later = Client(REMOTE_ADDR="10.1.1.1").post(reverse("login"), {"username": "p-operator", "password": PASSWORD})
    assert later.status_code == 302  # the lock lifts after 30 minutes


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_passwords")
def test_admin_login_is_throttled_too() -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = Client(REMOTE_ADDR="10.2.2.2")
    _fail(client, "/admin/login/", "root", 4)
    assert client.post("/admin/login/", {"username": "root", "password": "wrong"}).status_code == 429  # 5th
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429 and "登录已被暂时锁定" in response.content.decode()


@pytest.mark.django_db
def test_request_bodies_over_the_limit_are_refused() -> None:
    limit = settings.GOVWATCH_MAX_REQUEST_BYTES
    page = Client().post(reverse("login"), data=b"x", content_type="application/octet-stream",
                         CONTENT_LENGTH=str(limit + 1))
    assert page.status_code == 413 and "上传内容过大" in page.content.decode()
    api = Client().post("/api/v1/sites/", data=b"x", content_type="application/json", CONTENT_LENGTH=str(limit + 1))
    assert api.status_code == 413 and "50 MB" in api.json()["detail"]


@pytest.mark.django_db
def test_form_field_and_memory_limits() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = Client().post(reverse("login"), fields)
    assert response.status_code == 400
    big = Client().post(reverse("login"), {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert big.status_code == 400
