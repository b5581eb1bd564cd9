"""New-media monitoring models (政务新媒体, issue #5): posts, collection runs, account findings, patrols.

Findings of accounts live in their own table (:class:`AccountFinding`, one row per account and
fingerprint) rather than in ``Finding`` (per site): the same first/last-seen, status and days-seen
semantics, without making ``Finding.site`` nullable under every site query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models.registry import Account


class Post(models.Model):
    """One post (发布信息) of an account as collected; ``published_at`` aware (stored UTC), ``text_hash``
    the SHA-256 of the text (the text itself is not kept), ``pinned`` a 置顶 post."""

    account = models.ForeignKey(Account, models.CASCADE, related_name="posts", verbose_name="账号")
    post_id = models.CharField("平台信息ID", max_length=300)
    published_at = models.DateTimeField("发布时间", db_index=True)
    title = models.CharField("标题", max_length=500, blank=True)
    text_hash = models.CharField("正文摘要（SHA-256）", max_length=64, blank=True)
    url = models.URLField("网址", max_length=1000, blank=True)
    pinned = models.BooleanField("置顶", default=False)
    first_seen = models.DateTimeField("首次采集时间")
    last_seen = models.DateTimeField("最近采集时间")

    class Meta:
        verbose_name = verbose_name_plural = "新媒体信息"
        constraints = [models.UniqueConstraint(fields=["account", "post_id"], name="post_unique_id")]
        indexes = [models.Index(fields=["account", "published_at"])]


class AccountRun(models.Model):
    """One collection and check round of one account (采集记录): status, failure reason, posts found and
    the verdict (合格 / 不合格 / 未判定 when the collection failed)."""

    class Status(models.TextChoices):
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    account = models.ForeignKey(Account, models.CASCADE, related_name="runs", verbose_name="账号")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("采集成功", default=False)
    source = models.CharField("采集方式", max_length=20, blank=True)
    error_kind = models.CharField("失败类型", max_length=20, blank=True)
    error_message = models.TextField("失败原因", blank=True)
    posts_found = models.PositiveIntegerField("采集信息数", default=0)
    posts_new = models.PositiveIntegerField("新增信息数", default=0)
    latest_post_at = models.DateTimeField("最新信息时间", null=True, blank=True)
    verdict = models.CharField("结论", max_length=8, blank=True)
    findings = models.PositiveIntegerField("问题数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "新媒体采集记录"
        ordering = ["-started_at"]


class AccountFinding(models.Model):
    """问题 of an account across runs: one row per (account, fingerprint), first/last seen, status,
    distinct days seen (Asia/Shanghai). Resolved when a later successful collection no longer finds it."""

    class Status(models.TextChoices):
        OPEN = "open", "未解决"
        RESOLVED = "resolved", "已解决"

    account = models.ForeignKey(Account, models.CASCADE, related_name="findings", verbose_name="账号")
    fingerprint = models.CharField("指纹", max_length=64)
    code = models.CharField("问题代码", max_length=80, db_index=True)
    indicators = models.JSONField("指标", default=list, blank=True)
    url = models.URLField("网址", max_length=1000, blank=True)
    message = models.TextField("描述")
    evidence = models.JSONField("证据", default=dict, blank=True)
    fix = models.TextField("整改建议", blank=True)
    count = models.PositiveIntegerField("数量", default=1)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    first_seen = models.DateTimeField("首次发现")
    last_seen = models.DateTimeField("最近发现")
    last_run = models.ForeignKey(AccountRun, models.SET_NULL, null=True, related_name="+", verbose_name="最近采集")
    days_seen = models.JSONField("发现日期", default=list, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "新媒体问题"
        constraints = [models.UniqueConstraint(fields=["account", "fingerprint"], name="account_finding_unique_fp")]
        indexes = [models.Index(fields=["account", "status"])]


class Patrol(models.Model):
    """巡检 of one account: every ``cadence_days`` days (by level and kind, or the account's own
    ``patrol_days``). ``next_run_at`` is when the automatic collection is due; it is claimed by
    compare-and-set (storage.patrol_queries). ``due_at`` is the deadline of the current patrol: a
    successful collection or a manual patrol record sets it to that time + cadence; past it the patrol
    is overdue (逾期)."""

    account = models.OneToOneField(Account, models.CASCADE, related_name="patrol", verbose_name="账号")
    cadence_days = models.FloatField("巡检周期（天）")
    next_run_at = models.DateTimeField("下次自动采集时间", db_index=True)
    due_at = models.DateTimeField("本期巡检截止时间", db_index=True)
    last_run_at = models.DateTimeField("上次自动采集时间", null=True, blank=True)
    last_done_at = models.DateTimeField("上次完成巡检时间", null=True, blank=True)
    failures = models.PositiveIntegerField("连续采集失败次数", default=0)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "新媒体巡检计划"

    def __str__(self) -> str:
        return f"{self.account} · 每 {self.cadence_days:g} 天"


class PatrolRecord(models.Model):
    """人工巡检记录: what a person saw on the account (发布次数 in the period, 菜单栏目, 留言回复)."""

    class Menu(models.TextChoices):
        OK = "ok", "正常"
        BROKEN = "broken", "存在不可用栏目或链接"
        NONE = "none", "无菜单栏"

    class Replies(models.TextChoices):
        TIMELY = "timely", "及时回复"
        SLOW = "slow", "回复不及时"
        NONE = "none", "未回复或未开通留言"

    patrol = models.ForeignKey(Patrol, models.CASCADE, related_name="records", verbose_name="巡检计划")
    checked_at = models.DateTimeField("巡检时间")
    posts_in_period = models.PositiveIntegerField("发布次数（本周期）")
    menu = models.CharField("菜单栏目", max_length=10, choices=Menu.choices, default=Menu.OK)
    replies = models.CharField("留言回复", max_length=10, choices=Replies.choices, default=Replies.TIMELY)
    notes = models.TextField("巡检说明", blank=True)
    screenshot = models.FileField("截图", upload_to="patrols/%Y/%m/", blank=True)
    screenshot_2 = models.FileField("截图二", upload_to="patrols/%Y/%m/", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="巡检人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "人工巡检记录"
        ordering = ["-checked_at"]
