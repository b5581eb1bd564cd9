"""Admin of the ``rectify`` app: unit contacts (extra recipients of notices) are edited here; notices,
their history and the notification log are shown read-only (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from govwatch.storage.rectify.models import (
    HistoryEvent,
    Notification,
    Rectification,
    RectificationItem,
    UnitContact,
)


@admin.register(UnitContact)
class UnitContactAdmin(admin.ModelAdmin):
    """整改通知接收人 per unit (apprise URLs: mailto://, wecombot://, dingtalk://, feishu:// …)."""

    list_display = ("unit", "name", "notify_url")
    list_filter = ("unit",)


class ReadOnly(admin.ModelAdmin):
    """View-only admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = RectificationItem
    extra = 0
    can_delete = False
    readonly_fields = ("finding", "status", "closed_at", "recheck_outcome", "recheck_note", "rechecked_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rectification)
class RectificationAdmin(ReadOnly):
    """整改通知, read-only (the web pages and ``govwatch rectify`` change them)."""

    list_display = ("number", "unit", "status", "created_at", "deadline")
    list_filter = ("status",)
    search_fields = ("number", "unit__name")
    inlines = [ItemInline]


@admin.register(HistoryEvent)
class HistoryEventAdmin(ReadOnly):
    """整改记录."""

    list_display = ("at", "rectification", "by_name", "action", "from_status", "to_status", "summary")
    list_filter = ("action",)


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    """通知发送记录 (every area's notifications)."""

    list_display = ("created_at", "channel", "title", "status", "attempts", "object_type", "object_id")
    list_filter = ("status", "channel", "object_type")
    exclude = ("recipient",)  # may hold tokens
