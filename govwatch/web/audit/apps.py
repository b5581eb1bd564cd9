"""App config of the audit area: connects the audit signal handlers once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """No models (AuditEvent lives in storage); ``ready`` connects services.audit_log's handlers and
    swaps the admin's 删除所选 for its audited version."""

    name = "govwatch.web.audit"
    label = "govwatch_audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from django.contrib import admin

        from govwatch.services import audit_log
        from govwatch.web.audit.admin_actions import audited_delete_selected

        audit_log.connect()
        admin.site.add_action(audited_delete_selected, "delete_selected")  # replaces Django's own
