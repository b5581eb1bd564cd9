"""Monitoring models: schedules, scan runs, findings across runs, probes, maintenance windows, scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models.registry import Site, Unit


class ScanSchedule(models.Model):
    """When a site's next scan of a kind is due. Work is claimed by compare-and-set on ``next_run_at``
    (storage.claims), so several schedulers or workers never run the same scan twice."""

    class Kind(models.TextChoices):
        FULL = "full", "全量扫描"
        INCREMENTAL = "incremental", "增量扫描"

    site = models.ForeignKey(Site, models.CASCADE, related_name="schedules", verbose_name="网站")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    interval_seconds = models.PositiveIntegerField("间隔（秒）")
    next_run_at = models.DateTimeField("下次运行时间", db_index=True)
    last_run_at = models.DateTimeField("上次运行时间", null=True, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    enabled = models.BooleanField("启用", default=True)
    recheck_requested_at = models.DateTimeField("复查申请时间", null=True, blank=True,
                                                help_text="已申请复查：下一次运行为复查（完整扫描）")

    class Meta:
        verbose_name = verbose_name_plural = "扫描计划"
        constraints = [models.UniqueConstraint(fields=["site", "kind"], name="schedule_unique_kind")]


class ScanRun(models.Model):
    """One scan of one site. ``heartbeat_at`` is refreshed while running; a running scan whose heartbeat
    is older than the lease was lost with its worker and is run again."""

    class Kind(models.TextChoices):
        FULL = "full", "全量扫描"
        INCREMENTAL = "incremental", "增量扫描"
        RECHECK = "recheck", "复查"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        LOST = "lost", "中断（已重新调度）"

    site = models.ForeignKey(Site, models.CASCADE, related_name="runs", verbose_name="网站")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    schedule = models.ForeignKey(ScanSchedule, models.SET_NULL, null=True, blank=True, verbose_name="计划")
    rulebook_id = models.CharField("指标体系", max_length=100, blank=True)
    rulebook_version = models.CharField("指标体系版本", max_length=50, blank=True)
    claimed_by = models.CharField("执行者", max_length=200, blank=True)
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    complete = models.BooleanField("完整扫描", default=False,
                                   help_text="完整扫描才会自动关闭不再出现的问题")
    verdict = models.CharField("结论", max_length=8, blank=True)
    total = models.FloatField("得分", null=True, blank=True)
    stats = models.JSONField("统计", default=dict, blank=True)
    report_dir = models.CharField("报告目录", max_length=500, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "扫描记录"
        ordering = ["-created_at"]


class Finding(models.Model):
    """问题 across runs: one row per (site, fingerprint), with first/last seen and status.

    A finding not seen again by a later complete scan is resolved automatically. Dead links are
    ``suspected`` (疑似不可用) when seen on one day only and ``confirmed`` (确定不可用) once seen on
    another day; ``days_seen`` counts the distinct days it was observed.
    """

    class Status(models.TextChoices):
        OPEN = "open", "未解决"
        RESOLVED = "resolved", "已解决"

    class Certainty(models.TextChoices):
        SUSPECTED = "suspected", "疑似不可用"
        CONFIRMED = "confirmed", "确定不可用"
        NA = "", "—"

    site = models.ForeignKey(Site, models.CASCADE, related_name="findings", verbose_name="网站")
    fingerprint = models.CharField("指纹", max_length=64)
    code = models.CharField("问题代码", max_length=80, db_index=True)
    indicators = models.JSONField("指标", default=list, blank=True)
    url = models.URLField("网址", max_length=1000, blank=True)
    message = models.TextField("描述")
    evidence = models.JSONField("证据", default=dict, blank=True)
    fix = models.TextField("整改建议", blank=True)
    count = models.PositiveIntegerField("数量", default=1)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    certainty = models.CharField("确认状态", max_length=10, choices=Certainty.choices, blank=True, default="")
    first_seen = models.DateTimeField("首次发现")
    last_seen = models.DateTimeField("最近发现")
    first_run = models.ForeignKey(ScanRun, models.SET_NULL, null=True, related_name="+", verbose_name="首次扫描")
    last_run = models.ForeignKey(ScanRun, models.SET_NULL, null=True, related_name="+", verbose_name="最近扫描")
    days_seen = models.JSONField("发现日期", default=list, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题"
        constraints = [models.UniqueConstraint(fields=["site", "fingerprint"], name="finding_unique_fp")]
        indexes = [models.Index(fields=["site", "status"])]


class Probe(models.Model):
    """One availability probe (站点无法访问 indicator): ``seconds`` wall time, ``ok`` per the rule (answer
    within 15 s, HTTP < 400, non-empty body). A failure counts only once ``confirmed`` by a second probe
    a minute later; probes inside an approved maintenance window have ``excused`` set."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="probes", verbose_name="网站")
    url = models.URLField("网址", max_length=500)
    target_kind = models.CharField("对象类型", max_length=10, default="home")
    at = models.DateTimeField("时间", db_index=True)
    ok = models.BooleanField("可访问")
    seconds = models.FloatField("耗时（秒）")
    status = models.PositiveIntegerField("HTTP 状态", null=True, blank=True)
    error = models.CharField("错误类型", max_length=40, blank=True)
    confirmed = models.BooleanField("已复核", default=False)
    excused = models.BooleanField("报备期内", default=False)
    recheck = models.BooleanField("复核探测", default=False,
                                  help_text="确认上一次失败的复核探测，本身不计入可用性统计")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "可用性探测"
        indexes = [models.Index(fields=["site", "at"])]


class ProbeDay(models.Model):
    """Probe history downsampled to one row per site, URL and day (kept after 90 days)."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="probe_days", verbose_name="网站")
    url = models.URLField("网址", max_length=500)
    day = models.DateField("日期")
    total = models.PositiveIntegerField("探测次数")
    failures = models.PositiveIntegerField("失败次数")
    excused = models.PositiveIntegerField("报备期内次数", default=0)
    mean_seconds = models.FloatField("平均耗时（秒）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "探测日汇总"
        constraints = [models.UniqueConstraint(fields=["site", "url", "day"], name="probe_day_unique")]


class MaintenanceWindow(models.Model):
    """网站临时报备: a unit announces downtime; once an operator approves, probes inside it do not count."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    site = models.ForeignKey(Site, models.CASCADE, related_name="maintenance", verbose_name="网站")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    reason = models.TextField("原因")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name="报备人")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站临时报备"


class Score(models.Model):
    """A site's score for a period (``2026Q3``; ``2026`` for the yearly evaluation), with its rank within
    its level. ``detail`` holds the indicator results and the findings each lost point came from."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="scores", verbose_name="网站")
    period = models.CharField("周期", max_length=10, db_index=True)
    rulebook_id = models.CharField("指标体系", max_length=100)
    rulebook_version = models.CharField("指标体系版本", max_length=50)
    verdict = models.CharField("结论", max_length=8)
    vetoed = models.BooleanField("单项否决", default=False)
    deduction_score = models.FloatField("扣分项得分", null=True, blank=True)
    bonus = models.FloatField("加分", default=0)
    total = models.FloatField("总分", null=True, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    detail = models.JSONField("明细", default=dict, blank=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["site", "period"], name="score_unique_period")]


class AlertRule(models.Model):
    """Which findings notify whom: a finding-code prefix (``links.`` or ``homepage.stale``), optionally one
    unit, the recipients (apprise URLs), and quiet hours (local time) when nothing is sent."""

    code_prefix = models.CharField("问题代码前缀", max_length=80)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, verbose_name="主办单位")
    recipients = models.JSONField("接收地址", default=list)
    quiet_start = models.TimeField("免打扰开始", null=True, blank=True)
    quiet_end = models.TimeField("免打扰结束", null=True, blank=True)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "告警规则"


class Alert(models.Model):
    """告警: one notification owed to one recipient (an apprise URL) about one finding, created when the
    finding is new or confirmed and an AlertRule matches it. ``due_at`` is when it may go out (the end of
    the rule's quiet hours); ``deliver_due`` claims due alerts by moving ``due_at`` forward (compare-and-set)
    and marks them sent, or retries later, failing after a few attempts."""

    class Event(models.TextChoices):
        NEW = "new", "新发现"
        CONFIRMED = "confirmed", "确认不可用"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="alerts", verbose_name="问题")
    rule = models.ForeignKey(AlertRule, models.SET_NULL, null=True, blank=True, related_name="alerts",
                             verbose_name="告警规则")
    recipient = models.CharField("接收地址", max_length=500)
    event = models.CharField("事由", max_length=10, choices=Event.choices)
    created_at = models.DateTimeField("生成时间")
    due_at = models.DateTimeField("应发送时间", db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "告警"
        constraints = [models.UniqueConstraint(fields=["finding", "recipient", "event"], name="alert_unique")]
