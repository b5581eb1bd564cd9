"""Chinese admin for the ledger app: reprint sources are configured here too (filter words are data)."""

from django.contrib import admin

from govwatch.storage.ledger import models as m


class ChangeInline(admin.TabularInline):
    model = m.PublicationChange
    extra = 0
    fields = ("changed_at", "changed_by", "field", "old", "new", "note")
    readonly_fields = fields


@admin.register(m.Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "site", "column_name", "published_at", "kind", "origin", "editor", "reviewer")
    list_filter = ("kind", "origin")
    search_fields = ("title", "site__name", "url")
    inlines = [ChangeInline]


@admin.register(m.ColumnDuty)
class ColumnDutyAdmin(admin.ModelAdmin):
    list_display = ("site", "column_name", "unit", "person", "contact")
    search_fields = ("column_name", "site__name", "unit__name", "person")


@admin.register(m.DeliverablePlan)
class DeliverablePlanAdmin(admin.ModelAdmin):
    list_display = ("site", "year", "kind", "target")
    list_filter = ("year", "kind")


@admin.register(m.ReprintSource)
class ReprintSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "site", "active", "deadline_hours", "last_checked_at", "last_error")
    list_filter = ("kind", "active")
    search_fields = ("name", "url")


@admin.register(m.UpstreamItem)
class UpstreamItemAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "first_seen", "due_at", "status", "similarity")
    list_filter = ("status",)
    search_fields = ("title", "url")


@admin.register(m.AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("site", "year", "status", "computed_at")
    list_filter = ("year", "status")
