"""App config of ``govwatch.storage.rectify``."""

from django.apps import AppConfig


class Config(AppConfig):
    """App label ``rectify``; shown as 整改 in the admin."""

    name = "govwatch.storage.rectify"
    label = "rectify"
    verbose_name = "整改"
    default_auto_field = "django.db.models.BigAutoField"
