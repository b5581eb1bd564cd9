"""Models of the ``rectify`` app (整改, issue #4 §3) and the generic notification delivery log.

A Rectification (整改通知) asks one unit (主办单位) to fix selected findings by a deadline counted in
Chinese working days; it holds one RectificationItem per finding, the unit's Responses (with Attachment
files under MEDIA_ROOT/rectify/), and a HistoryEvent for every state change. Notification is the delivery
log of every message sent through ``govwatch.services.notify`` (used by other areas too).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models import Finding, ScanRun, Unit


class Notification(models.Model):
    """One message to one recipient (an apprise URL) and how its delivery went.

    ``channel`` is derived from the URL scheme (mailto → email, wecombot → wecom, dingtalk, feishu/lark,
    anything else → other); ``attempts`` counts send attempts; ``error`` is the last failure (Chinese);
    ``object_type``/``object_id`` name what the message is about (e.g. ``rectify.rectification`` / ``12``).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "邮件"
        WECOM = "wecom", "企业微信"
        DINGTALK = "dingtalk", "钉钉"
        FEISHU = "feishu", "飞书"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    recipient = models.CharField("接收地址", max_length=500)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.OTHER)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.TextField("错误", blank=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    created_at = models.DateTimeField("创建时间")
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "通知发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.title} · {self.get_status_display()}"


class UnitContact(models.Model):
    """An extra recipient of a unit's rectification notices besides its users' ``Membership.notify_url``
    (e.g. the unit's WeCom group robot)."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="rectify_contacts", verbose_name="主办单位")
    name = models.CharField("名称", max_length=100, blank=True)
    notify_url = models.CharField("通知地址（apprise）", max_length=500)

    class Meta:
        verbose_name = verbose_name_plural = "整改通知接收人"

    def __str__(self) -> str:
        return f"{self.unit} · {self.name or self.notify_url[:30]}"


class Rectification(models.Model):
    """整改通知 to one unit. ``number`` is 整改〔YYYY〕第N号 (N counts per year from 1); ``deadline`` is the
    last day (China date) to fix, ``working_days`` after the day of issue. ``auto_recheck_at`` marks the
    automatic deadline 复查 as claimed/done (compare-and-set, so it runs once)."""

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        RESPONDED = "responded", "已反馈"
        RECHECKING = "rechecking", "复查中"
        CLOSED = "closed", "已办结"
        ESCALATED = "escalated", "已升级"

    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=40, unique=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="rectifications", verbose_name="主办单位")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="发起人")
    created_at = models.DateTimeField("发起时间")
    working_days = models.PositiveSmallIntegerField("整改期限（工作日）", default=5)
    deadline = models.DateField("整改截止日期", db_index=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    note = models.TextField("整改要求", blank=True)
    recipients = models.JSONField("附加接收地址", default=list, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)
    auto_recheck_at = models.DateTimeField("到期复查时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改通知"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="rectification_unique_seq")]

    def __str__(self) -> str:
        return self.number


class RectificationItem(models.Model):
    """One finding of a notice. ``recheck_outcome`` is the last 复查's verdict on its URL: fixed, unfixed,
    or unreadable (the page could not be read — neither fixed nor closed)."""

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        FIXED = "fixed", "已整改"
        UNFIXED = "unfixed", "未整改"

    class Outcome(models.TextChoices):
        NONE = "", "未复查"
        FIXED = "fixed", "问题已消除"
        UNFIXED = "unfixed", "问题仍存在"
        UNREADABLE = "unreadable", "页面无法读取，未能判定"

    rectification = models.ForeignKey(Rectification, models.CASCADE, related_name="items", verbose_name="整改通知")
    finding = models.ForeignKey(Finding, models.CASCADE, related_name="rectification_items", verbose_name="问题")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    recheck_run = models.ForeignKey(ScanRun, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="复查扫描")
    rechecked_at = models.DateTimeField("复查时间", null=True, blank=True)
    recheck_outcome = models.CharField("复查结果", max_length=12, choices=Outcome.choices, blank=True, default="")
    recheck_note = models.CharField("复查说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["rectification", "finding"], name="rectify_item_unique")]

    def __str__(self) -> str:
        return f"{self.rectification} · {self.finding.code}"


class Response(models.Model):
    """The unit's answer (整改反馈): text and attached files."""

    rectification = models.ForeignKey(Rectification, models.CASCADE, related_name="responses",
                                      verbose_name="整改通知")
    text = models.TextField("反馈内容")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name="反馈人")
    by_name = models.CharField("反馈人", max_length=150, blank=True)
    at = models.DateTimeField("反馈时间")

    class Meta:
        verbose_name = verbose_name_plural = "整改反馈"
        ordering = ["at", "id"]


class Attachment(models.Model):
    """A file of a response, stored under MEDIA_ROOT/rectify/YYYY/MM/ (≤ 10 MB, checked type)."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="attachments", verbose_name="反馈")
    file = models.FileField("文件", upload_to="rectify/%Y/%m/", max_length=300)
    name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    kind = models.CharField("类型", max_length=8)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "反馈附件"
        ordering = ["id"]


class HistoryEvent(models.Model):
    """One state change of a notice or one of its items: who (None = the system), when, what."""

    rectification = models.ForeignKey(Rectification, models.CASCADE, related_name="history",
                                      verbose_name="整改通知")
    item = models.ForeignKey(RectificationItem, models.CASCADE, null=True, blank=True, related_name="history",
                             verbose_name="整改事项")
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name="操作人")
    by_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("动作", max_length=20)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12, blank=True)
    summary = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改记录"
        ordering = ["at", "id"]
