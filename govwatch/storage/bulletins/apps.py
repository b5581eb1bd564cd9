"""App config of ``govwatch.storage.bulletins``."""

from django.apps import AppConfig


class Config(AppConfig):
    """App label ``bulletins``; shown as 通报与报告 in the admin."""

    name = "govwatch.storage.bulletins"
    label = "bulletins"
    verbose_name = "通报与报告"
    default_auto_field = "django.db.models.BigAutoField"
