"""Request hardening shared by every area (issue #4 §7): a global cap on request bodies, and the login
throttling backend.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out and FILE_UPLOAD_MAX_MEMORY_SIZE only decides
when a file spills to disk, so neither bounds an upload; this middleware does, before any view reads the
body: a declared ``Content-Length`` over ``settings.GOVWATCH_MAX_REQUEST_BYTES`` (bytes) is answered 413
with a Chinese message (JSON under ``/api/``). Per-file type and size rules belong to the view that
accepts the file (e.g. rectification attachments).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def too_large_message(limit: int) -> str:
    """The Chinese 413 message for a ``limit`` in bytes."""
    return f"上传内容过大：单次请求不能超过 {limit // (1024 * 1024)} MB"


class RequestSizeLimitMiddleware:
    """Refuse request bodies larger than GOVWATCH_MAX_REQUEST_BYTES (413)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "GOVWATCH_MAX_REQUEST_BYTES", 50 * 1024 * 1024))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = too_large_message(limit)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend (first in AUTHENTICATION_BACKENDS) for every login made through a request —
    the login page, the admin login: a locked-out username/address is refused before the password is
    checked. ``authenticate()`` without a request (the test client's ``login``, scripts) has nothing to
    throttle by and passes on to the next backend instead of failing as django-axes' own would."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
