"""Chinese admin for the desk app: tickets (with their history and clocks, read-only), duty shifts with
checklists and hand-overs, and the provincial check results of the contract assessment."""

from django.contrib import admin

from govwatch.storage.desk import models as m


class EventInline(admin.TabularInline):
    model = m.TicketEvent
    extra = 0
    fields = ("at", "kind", "actor_name", "from_status", "to_status", "note")
    readonly_fields = fields


class ClockInline(admin.TabularInline):
    model = m.TicketClock
    extra = 0
    fields = ("name", "seq", "rule", "started_at", "due_at", "warn_at", "met_at", "warned_at", "broken_at")
    readonly_fields = fields


@admin.register(m.Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "title", "unit", "status", "priority", "assignee", "raised_at", "escalated")
    list_filter = ("kind", "status", "source", "escalated")
    search_fields = ("title", "detail", "source_ref", "unit__name")
    inlines = [ClockInline, EventInline]


class ChecklistInline(admin.TabularInline):
    model = m.ChecklistItem
    extra = 0
    fields = ("position", "label", "done_at", "done_by", "note")


class HandoverInline(admin.StackedInline):
    model = m.HandoverNote
    extra = 0
    fields = ("at", "author", "text")


@admin.register(m.DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("day", "role", "starts_at", "ends_at", "note")
    list_filter = ("role",)
    date_hierarchy = "day"
    filter_horizontal = ("people",)
    inlines = [ChecklistInline, HandoverInline]


@admin.register(m.ContractCheck)
class ContractCheckAdmin(admin.ModelAdmin):
    list_display = ("period", "account", "points_lost", "checked_on", "source", "recorded_at")
    list_filter = ("period",)
    search_fields = ("account__name", "account__unit__name", "source")
