"""Who may see what (issue #4 §2) and what they did (§5): a user's role and unit, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models.registry import Unit


class Role(models.TextChoices):
    """The platform's roles. ``unit`` users are bound to one 主办单位 and see only its data."""

    ADMIN = "admin", "监管方管理员"
    OPERATOR = "operator", "运维人员"
    UNIT = "unit", "主办单位用户"
    PROOFREADER = "proofreader", "校对员"


class Membership(models.Model):
    """A user's role on the platform; ``unit`` is required for (and only meaningful to) unit users.

    A user without a membership has no access beyond logging in (the outsider persona); a Django
    superuser counts as a bureau admin.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership",
                                verbose_name="用户")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="members",
                             verbose_name="所属单位")
    phone = models.CharField("手机号", max_length=32, blank=True)
    notify_url = models.CharField("通知地址（apprise）", max_length=500, blank=True,
                                  help_text="如 mailto://… 或企业微信、钉钉、飞书机器人地址")

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """One audited action: who did what to which object, when and from where (append-only)."""

    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGOUT = "logout", "退出登录"
        CREATE = "create", "创建"
        CHANGE = "change", "修改"
        DELETE = "delete", "删除"
        APPROVE = "approve", "审批"
        DOWNLOAD = "download", "下载"
        EXPORT = "export", "导出"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="用户")
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    summary = models.CharField("说明", max_length=500, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_type}"
