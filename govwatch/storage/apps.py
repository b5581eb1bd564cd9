"""Django app config of the storage layer."""

from django.apps import AppConfig


class StorageConfig(AppConfig):
    """App label ``storage``; shown as 监测数据 in the admin."""

    name = "govwatch.storage"
    label = "storage"
    verbose_name = "监测数据"
    default_auto_field = "django.db.models.BigAutoField"
