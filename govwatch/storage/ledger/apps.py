"""App config of ``govwatch.storage.ledger``."""

from django.apps import AppConfig


class Config(AppConfig):
    """App label ``ledger``; shown as 信息发布台账 in the admin."""

    name = "govwatch.storage.ledger"
    label = "ledger"
    verbose_name = "信息发布台账"
    default_auto_field = "django.db.models.BigAutoField"
