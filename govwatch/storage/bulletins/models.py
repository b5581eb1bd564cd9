"""Models of the ``bulletins`` app (通报与报告): the quarterly 通报 and per-site 监测报告 files, generated in
the background. A job row starts ``queued``; the periodic job claims it with compare-and-set (queued →
running), advances ``progress`` (0–100) with a Chinese ``stage`` text, and ends ``done`` with its ``files``
(paths relative to DATA_DIR, by format) or ``failed`` with a Chinese ``error``. An approved bulletin is
frozen: it is never regenerated or changed again."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models import Site


class JobStatus(models.TextChoices):
    """Life of a generation job."""

    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Bulletin(models.Model):
    """通报 of one ``period`` (2026Q4) and ``scope``: ``city`` (全市), ``level:县`` or ``unit:<id>``;
    ``scope_label`` its Chinese name. ``files`` {'docx'|'pdf'|'xlsx': path relative to DATA_DIR};
    ``summary`` the headline counts (sites, passed, failed, vetoed …) once generated."""

    period = models.CharField("周期", max_length=10, db_index=True)
    scope = models.CharField("范围", max_length=40, default="city")
    scope_label = models.CharField("范围名称", max_length=200, default="全市")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=200, blank=True, default="等待生成")
    error = models.TextField("错误", blank=True)
    files = models.JSONField("文件", default=dict, blank=True)
    summary = models.JSONField("概况", default=dict, blank=True)
    claimed_by = models.CharField("执行者", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def approved(self) -> bool:
        """True once a bureau admin approved it (frozen from then on)."""
        return self.approved_at is not None


class ReportJob(models.Model):
    """监测报告 files (pdf, xlsx) of one stored site for one ``period`` (2026Q4), made in the background."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="report_jobs", verbose_name="网站")
    period = models.CharField("周期", max_length=10)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=200, blank=True, default="等待生成")
    error = models.TextField("错误", blank=True)
    files = models.JSONField("文件", default=dict, blank=True)
    claimed_by = models.CharField("执行者", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监测报告文件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.site.name} {self.period} 监测报告"
