"""Chinese admin for new-media monitoring: patrols with their manual records (人工巡检记录 form), runs,
posts and findings. Saving a manual patrol record completes the patrol (its deadline moves on)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils import timezone

from govwatch.storage import models as m
from govwatch.storage import patrol_queries


class OverdueFilter(admin.SimpleListFilter):
    """逾期 / 未逾期 by the patrol's deadline."""

    title = "是否逾期"
    parameter_name = "overdue"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "已逾期"), ("no", "未逾期")]

    def queryset(self, request: Any, queryset: Any) -> Any:
        now = timezone.now()
        if self.value() == "yes":
            return queryset.filter(due_at__lt=now)
        if self.value() == "no":
            return queryset.filter(due_at__gte=now)
        return queryset


class PatrolRecordInline(admin.StackedInline):
    model = m.PatrolRecord
    extra = 0
    fields = ("checked_at", "posts_in_period", "menu", "replies", "notes", "screenshot", "screenshot_2",
              "checked_by")


@admin.register(m.Patrol)
class PatrolAdmin(admin.ModelAdmin):
    list_display = ("account", "cadence_days", "due_at", "next_run_at", "last_done_at", "failures", "enabled")
    list_filter = (OverdueFilter, "enabled", "account__level", "account__platform")
    search_fields = ("account__name", "account__unit__name")
    inlines = [PatrolRecordInline]

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        records = formset.save(commit=False)
        for record in records:
            record.checked_by = record.checked_by or request.user
            record.save()
            patrol_queries.mark_patrol_done(record.patrol_id, record.checked_at)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(m.PatrolRecord)
class PatrolRecordAdmin(admin.ModelAdmin):
    """The manual patrol record form: 发布次数, 菜单栏目, 留言回复, notes, screenshots."""

    list_display = ("patrol", "checked_at", "posts_in_period", "menu", "replies", "checked_by")
    list_filter = ("menu", "replies")
    search_fields = ("patrol__account__name", "notes")
    fields = ("patrol", "checked_at", "posts_in_period", "menu", "replies", "notes", "screenshot", "screenshot_2",
              "checked_by")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        obj.checked_by = obj.checked_by or request.user
        super().save_model(request, obj, form, change)
        patrol_queries.mark_patrol_done(obj.patrol_id, obj.checked_at)


@admin.register(m.AccountRun)
class AccountRunAdmin(admin.ModelAdmin):
    list_display = ("account", "started_at", "ok", "source", "error_kind", "posts_found", "posts_new", "verdict",
                    "findings")
    list_filter = ("ok", "verdict", "error_kind", "source")
    search_fields = ("account__name", "error_message")


@admin.register(m.AccountFinding)
class AccountFindingAdmin(admin.ModelAdmin):
    list_display = ("account", "code", "status", "first_seen", "last_seen", "url")
    list_filter = ("status", "code")
    search_fields = ("account__name", "message", "url")


@admin.register(m.Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("account", "published_at", "title", "pinned", "url")
    list_filter = ("pinned", "account__platform")
    search_fields = ("account__name", "title", "post_id")
    date_hierarchy = "published_at"
