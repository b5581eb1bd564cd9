"""Proofreading models (自动化校对, issue #6): jobs with their history per account, the knowledge base's
versioned YAML files edited by operators, and the yearly whole-site proofreading schedule."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models.registry import Site

KB_FILES = ("leaders", "institutions", "expressions", "sensitive", "whitelist")


class ProofreadJob(models.Model):
    """One proofreading: who asked (``user``, None for the schedule), the input (``kind``, ``name``,
    ``size`` in bytes for a file, characters otherwise), the issues counted by type (``counts``
    {type code: n}), the issues themselves (``result``) and the files written (``outputs`` {html|docx: path})."""

    class Kind(models.TextChoices):
        TEXT = "text", "文本"
        URL = "url", "网址"
        FILE = "file", "文件"
        SITE = "site", "整站"
        POSTS = "posts", "新媒体文章"

    class Status(models.TextChoices):
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="proofread_jobs", verbose_name="校对人")
    site = models.ForeignKey(Site, models.SET_NULL, null=True, blank=True, related_name="proofread_jobs",
                             verbose_name="网站")
    kind = models.CharField("输入类型", max_length=8, choices=Kind.choices)
    name = models.CharField("输入名称", max_length=500, blank=True)
    size = models.PositiveBigIntegerField("大小", default=0, help_text="文件为字节数，其他为字数")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.RUNNING, db_index=True)
    created_at = models.DateTimeField("提交时间", db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    issues_total = models.PositiveIntegerField("问题总数", default=0)
    counts = models.JSONField("各类问题数", default=dict, blank=True)
    kb_version = models.CharField("知识库版本", max_length=300, blank=True)
    result = models.JSONField("校对结果", default=dict, blank=True)
    outputs = models.JSONField("输出文件", default=dict, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "校对任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]


class KnowledgeBaseFile(models.Model):
    """One version of one knowledge-base file (YAML text, validated on save with the engine's models).
    The newest ``approved`` version of each file is what the service uses; none → the bundled file."""

    class Name(models.TextChoices):
        LEADERS = "leaders", "领导人（姓名、职务、排序）"
        INSTITUTIONS = "institutions", "机构名称（新旧对照）"
        EXPRESSIONS = "expressions", "规范表述"
        SENSITIVE = "sensitive", "敏感词"
        WHITELIST = "whitelist", "白名单"

    name = models.CharField("知识库文件", max_length=16, choices=Name.choices)
    version = models.PositiveIntegerField("版本号")
    text = models.TextField("内容（YAML）")
    approved = models.BooleanField("已审核启用", default=False,
                                   help_text="勾选后，该文件的最新已审核版本即被校对服务使用")
    note = models.CharField("修改说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="编辑人")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "校对知识库"
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="kbfile_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ProofreadSchedule(models.Model):
    """The yearly whole-site proofreading of one site (整站校对, every ``interval_days``), claimed by
    compare-and-set on ``next_run_at`` like the scan schedules (storage.proofread_queries)."""

    site = models.OneToOneField(Site, models.CASCADE, related_name="proofread_schedule", verbose_name="网站")
    interval_days = models.PositiveIntegerField("间隔（天）", default=365)
    next_run_at = models.DateTimeField("下次运行时间", db_index=True)
    last_run_at = models.DateTimeField("上次运行时间", null=True, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "整站校对计划"
