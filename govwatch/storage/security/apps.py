"""App config of ``govwatch.storage.security``."""

from django.apps import AppConfig


class Config(AppConfig):
    """App label ``security``; shown as 安全监测基线 in the admin."""

    name = "govwatch.storage.security"
    label = "security"
    verbose_name = "安全监测基线"
    default_auto_field = "django.db.models.BigAutoField"
