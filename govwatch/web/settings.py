"""Django settings, built from the strictly parsed environment (govwatch.core.config).

SQLite in WAL mode by default (embedded), PostgreSQL through DATABASE_URL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from govwatch.core.config import load_config

WEB_DIR = Path(__file__).resolve().parent

CONFIG = load_config()

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "govwatch.storage",
    "govwatch.storage.rectify.apps.Config",
    "govwatch.storage.bulletins.apps.Config",
    "govwatch.storage.desk.apps.Config",
    "govwatch.storage.ledger.apps.Config",
    "govwatch.storage.security.apps.Config",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "govwatch.web.audit.apps.AuditConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "govwatch.web.security.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "govwatch.web.errors.ErrorPagesMiddleware",  # out-of-range ids → 400, bodiless 405 → Chinese page
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
CSRF_FAILURE_VIEW = "govwatch.web.errors.csrf_failure"

ROOT_URLCONF = "govwatch.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [WEB_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "govwatch.web.wsgi.application"

DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    CONFIG.data_dir.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the dashboard read while a scan writes; IMMEDIATE avoids lock upgrades deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]  # the only UI language: DRF and Django messages stay Chinese
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Admin URL fields read "www.x.gov.cn" as https:// (Django 6 default; silences RemovedInDjango60Warning).
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
MEDIA_ROOT = CONFIG.data_dir / "media"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = ["govwatch.web.security.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]

CELERY_BROKER_URL = CONFIG.broker_url or "memory://"
CELERY_TASK_ALWAYS_EAGER = not CONFIG.broker_url
GOVWATCH = CONFIG

# --- Security (issue #4 §7). Safe for the embedded default (plain HTTP on 127.0.0.1); the HTTPS-only
# settings (secure cookies, HSTS, SSL redirect) are in govwatch.web.settings_production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # seconds: one working day, then sign in again
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Uploads: request bodies over GOVWATCH_MAX_REQUEST_BYTES are refused with 413 (govwatch.web.security);
# form data without files ≤ 5 MB; files over 5 MB are spooled to disk, never held in memory.
GOVWATCH_MAX_REQUEST_BYTES = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # a rectification may select a few thousand findings
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Login throttling (django-axes): 5 failures of one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "govwatch.web.audit.views.lockout"
AXES_COOLOFF_MESSAGE = "登录失败次数过多，账号已被临时锁定，请 30 分钟后再试。"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多，账号已被锁定，请联系平台管理员。"
AXES_VERBOSE = False

# --- JSON API (issue #4 §6): token or session auth, read-only, paginated, errors as {"detail": "…"}.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "govwatch.web.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "govwatch.web.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle",
                                 "rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "3000/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政府网站与政务新媒体监管平台 API",
    "DESCRIPTION": ("只读 JSON 接口：网站、问题、得分、政务新媒体账号及其问题、整改。"
                    "认证：请求头 `Authorization: Token <令牌>`（令牌用 `govwatch api-token 用户名` 生成），"
                    "或浏览器登录后的会话。主办单位用户只能看到本单位的数据；校对员和未分配角色的账号无权访问。"),
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "govwatch.web.api.schema.chinese"],
    "ENUM_NAME_OVERRIDES": {
        "FindingStatusEnum": "govwatch.storage.models.Finding.Status",
        "RectificationStatusEnum": "govwatch.storage.rectify.models.Rectification.Status",
        "RectificationItemStatusEnum": "govwatch.storage.rectify.models.RectificationItem.Status",
    },
}
