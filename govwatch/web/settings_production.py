"""Production settings: ``DJANGO_SETTINGS_MODULE=govwatch.web.settings_production`` (issue #4 §7).

Everything of ``govwatch.web.settings`` plus what only holds behind HTTPS: secure session and CSRF
cookies, HSTS (one year, subdomains, preload), redirect of plain HTTP to HTTPS, DEBUG forced off.
``python -m django check --deploy --settings=govwatch.web.settings_production`` reports no issue.

It expects a reverse proxy (nginx …) that terminates TLS and sets ``X-Forwarded-Proto: https`` (and
strips that header from clients); set ``GOVWATCH_ALLOWED_HOSTS`` to the public host name. The embedded
default (``govwatch serve`` on 127.0.0.1 over plain HTTP) keeps ``govwatch.web.settings``: with these
settings its cookies would never be sent back over HTTP.
"""

from __future__ import annotations

from govwatch.web.settings import *  # noqa: F403  (this module is the base settings plus the lines below)

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 3600  # seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
