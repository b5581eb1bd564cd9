"""Chinese admin for the registry and monitoring data."""

from django.contrib import admin

from govwatch.storage import models as m


@admin.register(m.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "contact")
    search_fields = ("name",)


class ColumnInline(admin.TabularInline):
    model = m.Column
    extra = 0
    fields = ("name", "url", "type", "update_window_days", "source", "key", "last_item_date")


class ProbeTargetInline(admin.TabularInline):
    model = m.ProbeTarget
    extra = 0
    fields = ("kind", "name", "url")


@admin.register(m.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "home_url", "site_id_code", "unit", "level", "kind", "active")
    list_filter = ("level", "kind", "active")
    search_fields = ("name", "home_url", "site_id_code", "unit__name")
    inlines = [ColumnInline, ProbeTargetInline]


@admin.register(m.Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "type", "source", "last_item_date")
    list_filter = ("type", "source")
    search_fields = ("name", "site__name")


@admin.register(m.Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "platform", "platform_id", "unit", "level", "active")
    list_filter = ("platform", "level", "active")
    search_fields = ("name", "platform_id", "unit__name")


@admin.register(m.ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    list_display = ("site", "kind", "status", "verdict", "total", "started_at", "finished_at")
    list_filter = ("kind", "status")


@admin.register(m.Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("site", "code", "url", "status", "certainty", "first_seen", "last_seen")
    list_filter = ("status", "code", "certainty")
    search_fields = ("url", "message", "site__name")


@admin.register(m.MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    list_display = ("site", "starts_at", "ends_at", "status", "filed_by", "decided_by")
    list_filter = ("status",)


@admin.register(m.AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ("code_prefix", "unit", "enabled", "quiet_start", "quiet_end")

import govwatch.storage.newmedia_admin  # noqa: E402,F401  (registers the new-media admin)
from govwatch.storage import proofread_admin  # noqa: E402,F401  (registers the proofreading admin)
