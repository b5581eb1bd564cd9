"""The admin site's 删除所选 action, audited: Django logs a multi-object deletion with ``bulk_create``,
which sends no post_save, so this wrapper records those deletions (with the address) after the fact."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.actions import delete_selected
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from govwatch.services import audit_log


def audited_delete_selected(modeladmin: Any, request: HttpRequest, queryset: Any) -> HttpResponse | None:
    """Django's delete_selected, then the audit events of what it deleted."""
    started = timezone.now()
    response = delete_selected(modeladmin, request, queryset)
    if response is None and request.POST.get("post") and request.user.pk is not None:
        audit_log.record_bulk_admin_deletions(request.user.pk, started, audit_log.client_ip(request))
    return response


audited_delete_selected.allowed_permissions = ("delete",)  # type: ignore[attr-defined]
audited_delete_selected.short_description = delete_selected.short_description  # type: ignore[attr-defined]
