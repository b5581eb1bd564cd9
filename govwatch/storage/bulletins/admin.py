"""Django admin of the ``bulletins`` app: bulletins and site report jobs, read-only (they are made and
approved through the bulletins pages, where access is scoped and audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from govwatch.storage.bulletins.models import Bulletin, ReportJob


class ReadOnly(admin.ModelAdmin):
    """No add, change or delete from the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Bulletin)
class BulletinAdmin(ReadOnly):
    """通报: period, scope, status, approval."""

    list_display = ("title", "period", "scope_label", "status", "progress", "approved_at", "created_at")
    list_filter = ("status", "period")
    search_fields = ("title",)


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnly):
    """监测报告 files of stored sites."""

    list_display = ("site", "period", "status", "progress", "created_at")
    list_filter = ("status", "period")
