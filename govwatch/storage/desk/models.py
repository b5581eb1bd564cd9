"""Models of the ``desk`` app (运维工单与值班): tickets (工单) with their events and SLA clocks, the duty roster
(值班) with hand-over notes and reading checklists, and the provincial new-media check results that drive
the contract's fee deductions (合同考核)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from govwatch.storage.models import Account, Unit

OPEN_STATUSES = ("new", "responded", "in_progress", "resolved")
"""Every status but closed: a ticket is open (its clocks run, (source, source_ref) is taken) until closed."""


class Ticket(models.Model):
    """工单. ``source``/``source_ref`` name what raised it (manual, probe ``site:<id>``, finding
    ``finding:<id>``, reprint …); while the ticket is open no second ticket has the same non-empty pair.
    Timestamps are aware datetimes; ``raised_at`` is set by the service (``now``), not by the database."""

    class Kind(models.TextChoices):
        FAULT = "fault", "故障"
        CONTENT = "content", "内容需求"
        SECURITY = "security", "安全预警"
        CONSULT = "consult", "咨询"

    class Status(models.TextChoices):
        NEW = "new", "新建"
        RESPONDED = "responded", "已响应"
        IN_PROGRESS = "in_progress", "处理中"
        RESOLVED = "resolved", "已解决"
        CLOSED = "closed", "已关闭"

    class Priority(models.TextChoices):
        LOW = "low", "低"
        NORMAL = "normal", "普通"
        HIGH = "high", "高"
        URGENT = "urgent", "紧急"

    class Source(models.TextChoices):
        MANUAL = "manual", "人工提交"
        PROBE = "probe", "可用性探测"
        FINDING = "finding", "否决项问题"
        REPRINT = "reprint", "转载监测"
        OTHER = "other", "其他"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    detail = models.TextField("详情", blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="tickets",
                             verbose_name="所属单位")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="提交人")
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField("来源标识", max_length=200, blank=True)
    priority = models.CharField("优先级", max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                 related_name="desk_tickets", verbose_name="处理人")
    raised_at = models.DateTimeField("提交时间", db_index=True)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    last_progress_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    escalated = models.BooleanField("已升级", default=False)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单"
        ordering = ["-raised_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["source", "source_ref"], name="desk_ticket_open_source_unique",
            condition=Q(status__in=OPEN_STATUSES) & ~Q(source_ref=""))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class TicketEvent(models.Model):
    """One line of a ticket's history: created, a progress note, a status change, assignment, an SLA
    warning or escalation. ``actor`` None = the platform itself."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建"
        NOTE = "note", "进展说明"
        STATUS = "status", "状态变更"
        ASSIGN = "assign", "指派"
        WARN = "warn", "时限预警"
        ESCALATE = "escalate", "超时升级"

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="events", verbose_name="工单")
    at = models.DateTimeField("时间")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单记录"
        ordering = ["at", "id"]


class TicketClock(models.Model):
    """One SLA clock of a ticket (services.desk.sla): ``name`` respond / resolve / progress; it runs from
    ``started_at`` to ``due_at``, warns at ``warn_at``; ``met_at`` when satisfied in time or late,
    ``warned_at``/``broken_at`` are claimed once (compare-and-set) by the periodic job. A progress clock is
    one 24-hour window: a note meets it and starts the next (``seq`` + 1)."""

    class Name(models.TextChoices):
        RESPOND = "respond", "响应时限"
        RESOLVE = "resolve", "办结时限"
        PROGRESS = "progress", "进展反馈时限"

    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="clocks", verbose_name="工单")
    name = models.CharField("时限", max_length=10, choices=Name.choices)
    seq = models.PositiveIntegerField("序号", default=0)
    rule = models.CharField("规则", max_length=200, blank=True)
    started_at = models.DateTimeField("起算时间")
    due_at = models.DateTimeField("截止时间", db_index=True)
    warn_at = models.DateTimeField("预警时间")
    met_at = models.DateTimeField("完成时间", null=True, blank=True)
    warned_at = models.DateTimeField("已预警", null=True, blank=True)
    broken_at = models.DateTimeField("已超时", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单时限"
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "name", "seq"], name="desk_clock_unique")]


class DutyShift(models.Model):
    """值班 shift: ``starts_at`` ≤ t < ``ends_at`` (aware datetimes); ``day`` is the Beijing date it belongs to."""

    class Role(models.TextChoices):
        LEAD = "lead", "值班长"
        READER = "reader", "读网值班"
        ENGINEER = "engineer", "技术值班"

    day = models.DateField("值班日期", db_index=True)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="duty_shifts", verbose_name="值班人员")
    role = models.CharField("岗位", max_length=10, choices=Role.choices, default=Role.READER)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "值班班次"
        ordering = ["starts_at", "id"]


class HandoverNote(models.Model):
    """交接班记录 written at the end of ``shift`` for the next one."""

    shift = models.ForeignKey(DutyShift, models.CASCADE, related_name="handovers", verbose_name="班次")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="填写人")
    at = models.DateTimeField("时间")
    text = models.TextField("交接内容")

    class Meta:
        verbose_name = verbose_name_plural = "交接班记录"
        ordering = ["-at", "-id"]


class ChecklistItem(models.Model):
    """One line of a shift's reading checklist (读网清单): what to read, done or not, by whom."""

    shift = models.ForeignKey(DutyShift, models.CASCADE, related_name="checklist", verbose_name="班次")
    position = models.PositiveIntegerField("序号", default=0)
    label = models.CharField("检查内容", max_length=200)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name="完成人")
    note = models.CharField("情况说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "读网清单"
        ordering = ["shift", "position", "id"]


class ContractCheck(models.Model):
    """A provincial new-media check result (省级政务新媒体检查) for one account in one period: the points
    it lost. ``period`` is a label such as ``2026-Q3`` or ``2026-10`` (the check's own period)."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="contract_checks", verbose_name="账号")
    period = models.CharField("考核周期", max_length=20, db_index=True)
    points_lost = models.DecimalField("扣分", max_digits=6, decimal_places=1)
    checked_on = models.DateField("检查日期", null=True, blank=True)
    source = models.CharField("检查来源", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="录入人")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "省级检查扣分"
        ordering = ["period", "account_id", "id"]
