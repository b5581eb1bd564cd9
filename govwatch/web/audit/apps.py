"""App config of the audit area: connects the audit signal handlers once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """No models (AuditEvent lives in storage); ``ready`` connects services.audit_log's handlers."""

    name = "govwatch.web.audit"
    label = "govwatch_audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from govwatch.services import audit_log

        audit_log.connect()
