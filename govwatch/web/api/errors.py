"""API errors as JSON with a Chinese ``detail`` (issue #4 §6).

DRF's own messages are already Chinese (LANGUAGES holds only zh-hans); this handler adds what it does not
cover: AccessDenied from the services (403 with its message), a Chinese text for 401, and validation
errors of several fields flattened into one ``detail`` (the field errors kept under ``errors``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from govwatch.services.access import AccessDenied

NOT_AUTHENTICATED = "未登录或未提供令牌：请在请求头中提供 Authorization: Token <令牌>，或先在浏览器中登录"


class BadQuery(exceptions.APIException):
    """A query parameter has a bad value: 400 with a Chinese ``detail`` naming it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "请求参数有误"
    default_code = "bad_query"


def _flatten(data: Any) -> str:
    if isinstance(data, dict):
        return "；".join(f"{k}：{_flatten(v)}" for k, v in data.items())
    if isinstance(data, list):
        return "；".join(_flatten(v) for v in data)
    return str(data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every error body is ``{"detail": "…"}`` (Chinese)."""
    if isinstance(exc, Http404):  # DRF would pass Django's English "No Site matches the given query."
        exc = exceptions.NotFound("记录不存在，或当前账号无权查看")
    if isinstance(exc, AccessDenied):
        exc = exceptions.PermissionDenied(str(exc))
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(NOT_AUTHENTICATED, "not_authenticated")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if not (isinstance(data, dict) and set(data) == {"detail"}):
        response.data = {"detail": f"请求参数有误：{_flatten(data)}", "errors": data}
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/: 404 as JSON."""
    return JsonResponse({"detail": f"接口不存在：{request.path}"}, status=404)
