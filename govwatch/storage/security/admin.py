"""Chinese admin for the security app: each site's homepage defacement baseline (read-only; a new one is
taken by the first security scan or approved through ``govwatch.services.security_baselines``)."""

from django.contrib import admin

from govwatch.storage.security.models import Baseline, DefacementWatch


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ("site", "url", "captured_at", "approved_by", "digest")
    search_fields = ("site__name", "url", "approved_by")
    readonly_fields = ("site", "url", "text", "digest", "snapshot", "captured_at", "approved_by")

    def has_add_permission(self, request: object) -> bool:  # baselines come from scans, not typing
        return False


@admin.register(DefacementWatch)
class DefacementWatchAdmin(admin.ModelAdmin):
    list_display = ("site", "next_check_at", "last_checked_at", "last_result")
    search_fields = ("site__name",)
    list_filter = ("last_result",)
