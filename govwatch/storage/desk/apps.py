"""App config of ``govwatch.storage.desk``."""

from django.apps import AppConfig


class Config(AppConfig):
    """App label ``desk``; shown as 运维工单与值班 in the admin."""

    name = "govwatch.storage.desk"
    label = "desk"
    verbose_name = "运维工单与值班"
    default_auto_field = "django.db.models.BigAutoField"
