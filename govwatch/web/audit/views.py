"""The audit page (审计日志, ``/audit/``): bureau admins only; filters by user, action, object type and
date; 50 events a page."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from govwatch.services import audit_log
from govwatch.services.access import AccessDenied, actor_of

PAGE_SIZE = 50


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label}格式应为 YYYY-MM-DD，收到：{raw}")
        return None


def parse_filters(query: QueryDict) -> tuple[audit_log.AuditFilter, list[str]]:
    """The page's GET parameters (user, action, object_type, since, until) → filter and Chinese errors;
    a bad value is reported and ignored."""
    errors: list[str] = []
    action = query.get("action", "").strip()
    if action and action not in audit_log.ACTION_LABELS:
        errors.append(f"未知的操作类型：{action}")
        action = ""
    since = _date(query.get("since", "").strip(), "起始日期", errors)
    until = _date(query.get("until", "").strip(), "截止日期", errors)
    filters = audit_log.AuditFilter(user=query.get("user", "").strip()[:150], action=action,
                                    object_type=query.get("object_type", "").strip()[:64],
                                    since=since, until=until)
    return filters, errors


@login_required
def audit_log_page(request: HttpRequest) -> HttpResponse:
    """GET: the filtered, paginated audit log (403 with a Chinese message for anyone but a bureau admin)."""
    actor = actor_of(request.user)
    filters, errors = parse_filters(request.GET)
    try:
        qs = audit_log.events(actor, filters)
        types = audit_log.object_types(actor)
    except AccessDenied as exc:
        return render(request, "audit/denied.html", {"message": str(exc)}, status=403)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    context = {"page": page, "filters": filters, "errors": errors, "object_types": types,
               "actions": sorted(audit_log.ACTION_LABELS.items()), "query": rest.urlencode()}
    rows = [(event, audit_log.action_label(event.action)) for event in page.object_list]
    return render(request, "audit/list.html", {**context, "rows": rows})


def lockout(request: HttpRequest, original_response: HttpResponse | None = None,
            credentials: dict[str, object] | None = None) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a Chinese page, status 429, saying how many
    failures locked the login and for how many minutes."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "audit/lockout.html", context, status=429)
