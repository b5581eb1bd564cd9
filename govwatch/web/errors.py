"""Error pages of the whole web UI, in Chinese (issue: QA report on error pages).

- ``ErrorPagesMiddleware``: an id or year beyond what the database can hold (``OverflowError`` from
  SQLite's 64-bit integers, ``django.db.DataError`` "value out of range" from PostgreSQL) escaping a view
  becomes a 400 with a Chinese message and a logged warning instead of Django's English 500; a 405
  without a body (``require_POST`` and friends) gets a Chinese page.
- ``bad_request``, ``page_not_found``, ``server_error`` (handler400/404/500 in ``govwatch.web.urls``) and
  ``csrf_failure`` (CSRF_FAILURE_VIEW): Chinese pages extending base.html, or ``{"detail": "…"}`` JSON
  under ``/api/``. The 500 page is rendered without a request context and without the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

log = logging.getLogger("govwatch.web.errors")

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed integer column (SQLite INTEGER, PostgreSQL bigint)

TOO_LARGE = "请求中的编号或数字超出允许范围（应为 1 至 9223372036854775807 之间的整数），请检查链接或表单后重试。"
NOT_FOUND = "页面不存在，或当前账号无权查看。"
BAD_REQUEST = "请求有误，无法处理。"
SERVER_ERROR = "服务器内部错误，请稍后再试；如果问题持续，请联系运维人员。"
NOT_ALLOWED = "不支持此请求方式：此地址只接受{methods}请求，请使用页面上的按钮或表单操作。"
CSRF_FAILED = "安全校验失败（CSRF）：页面已过期或登录状态已变化，请刷新页面后重新提交。"


def is_api(request: HttpRequest) -> bool:
    """True for requests under ``/api/``, whose errors are JSON."""
    return request.path.startswith("/api/")


def _page(request: HttpRequest | None, template: str, status: int, message: str) -> HttpResponse:
    """Render ``errors/<template>`` with ``message``; without the request (no user, no database) when
    ``request`` is None or when rendering with it touches a broken database connection."""
    context = {"message": message, "status": status}
    if request is not None:
        try:
            return HttpResponse(loader.render_to_string(template, context, request), status=status)
        except DatabaseError:  # e.g. PostgreSQL's aborted transaction after the DataError being reported
            pass
    return HttpResponse(loader.render_to_string(template, context), status=status)


def error_response(request: HttpRequest, template: str, status: int, message: str,
                   use_request: bool = True) -> HttpResponse:
    """``{"detail": message}`` under /api/, else the Chinese page ``template``."""
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return _page(request if use_request else None, template, status, message)


class ErrorPagesMiddleware:
    """Turn out-of-range numbers into 400 and bodiless 405s into Chinese pages (see module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            allowed = response.get("Allow", "")
            methods = "、".join(m.strip() for m in allowed.split(",") if m.strip()) or "其他方式的"
            replacement = error_response(request, "errors/405.html", 405, NOT_ALLOWED.format(methods=methods))
            if allowed:
                replacement["Allow"] = allowed
            return replacement
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """400 for OverflowError / DataError; None (Django's handling) for anything else."""
        if not isinstance(exception, OverflowError | DataError):
            return None
        log.warning("超出范围的请求参数（%s %s）：%s: %s", request.method, request.get_full_path()[:300],
                    type(exception).__name__, exception)
        return error_response(request, "errors/400.html", 400, TOO_LARGE,
                              use_request=not isinstance(exception, DataError))


def bad_request(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    """handler400 (SuspiciousOperation, malformed requests)."""
    return error_response(request, "errors/400.html", 400, BAD_REQUEST)


def page_not_found(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    """handler404."""
    if is_api(request):
        return JsonResponse({"detail": f"接口或记录不存在：{request.path}"}, status=404)
    return _page(request, "errors/404.html", 404, NOT_FOUND)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """handler500: static, no request context and no database (they may be what failed)."""
    if is_api(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    return _page(None, "errors/500.html", 500, SERVER_ERROR)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    """CSRF_FAILURE_VIEW: 403 asking to refresh and submit again (``reason`` is logged, not shown)."""
    log.warning("CSRF 校验失败（%s %s）：%s", request.method, request.path[:300], reason)
    return error_response(request, "errors/403_csrf.html", 403, CSRF_FAILED)
