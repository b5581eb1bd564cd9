"""Models of the ``ledger`` app (信息发布台账, issue #8 §3–§5).

- ``Publication``: one item published on a site (entered by hand or matched from the crawl), with its
  post-publish changes in ``PublicationChange``.
- ``ColumnDuty``: the 栏目责任分工表 (column → responsible unit, person, contact).
- ``DeliverablePlan``: the yearly targets (专题 ≥ 12, 图解 ≥ 20) and the planned items by month.
- ``ReprintSource`` / ``UpstreamItem``: the reprint watch (协同联动) — upper-level sources and their important
  items, each with a 12-hour reprint deadline.
- ``AnnualReport``: the 政府网站工作年度报表 of one site and year (computed values + manual entries).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govwatch.storage.models import Column, Site, Unit


class Publication(models.Model):
    """An item published on ``site`` (信息发布台账 row). ``title_key`` is the normalised title used for
    reprint matching (see services.ledger.titles); ``url`` is '' for hand entries not yet on the site."""

    class Origin(models.TextChoices):
        MANUAL = "manual", "人工录入"
        CRAWL = "crawl", "采集匹配"

    class Kind(models.TextChoices):
        NORMAL = "normal", "普通信息"
        TOPIC = "topic", "专题"
        GRAPHIC = "graphic", "政策图解"

    site = models.ForeignKey(Site, models.CASCADE, related_name="publications", verbose_name="网站")
    column = models.ForeignKey(Column, models.SET_NULL, null=True, blank=True, related_name="publications",
                               verbose_name="栏目")
    column_name = models.CharField("栏目名称", max_length=200, blank=True)
    title = models.CharField("标题", max_length=500)
    title_key = models.CharField("标题（规范化）", max_length=500, blank=True, db_index=True)
    url = models.URLField("网址", max_length=1000, blank=True)
    source_unit = models.CharField("来源单位", max_length=200, blank=True)
    editor = models.CharField("编辑", max_length=100, blank=True)
    reviewer = models.CharField("审核人", max_length=100, blank=True)
    published_at = models.DateTimeField("发布时间", db_index=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    origin = models.CharField("来源方式", max_length=8, choices=Origin.choices, default=Origin.MANUAL)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.NORMAL)
    created_at = models.DateTimeField("录入时间")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "信息发布台账"
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["site", "url"], condition=~models.Q(url=""),
                                               name="publication_unique_url")]
        indexes = [models.Index(fields=["site", "published_at"])]

    def __str__(self) -> str:
        return self.title


class PublicationChange(models.Model):
    """A post-publish change of a Publication: ``field`` (Chinese label), old and new value, who and when."""

    publication = models.ForeignKey(Publication, models.CASCADE, related_name="changes", verbose_name="信息")
    changed_at = models.DateTimeField("修改时间")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="修改人")
    field = models.CharField("修改项", max_length=50)
    old = models.TextField("原内容", blank=True)
    new = models.TextField("新内容", blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "发布后修改记录"
        ordering = ["changed_at", "id"]


class ColumnDuty(models.Model):
    """One row of the 栏目责任分工表: the column of ``site`` and who is responsible for keeping it."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="column_duties", verbose_name="网站")
    column = models.ForeignKey(Column, models.SET_NULL, null=True, blank=True, related_name="duties",
                               verbose_name="栏目")
    column_name = models.CharField("栏目名称", max_length=200)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="column_duties", verbose_name="责任单位")
    person = models.CharField("责任人", max_length=100)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "栏目责任分工"
        ordering = ["site_id", "column_name"]
        constraints = [models.UniqueConstraint(fields=["site", "column_name"], name="column_duty_unique")]


class DeliverablePlan(models.Model):
    """The yearly target of one deliverable kind (专题 / 政策图解) on ``site``; ``items`` the planned
    items as ``[{"title": str, "month": 1..12}]``."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="deliverable_plans", verbose_name="网站")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=8, choices=Publication.Kind.choices)
    target = models.PositiveIntegerField("年度目标数")
    items = models.JSONField("计划事项", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度专题与图解计划"
        constraints = [models.UniqueConstraint(fields=["site", "year", "kind"], name="deliverable_plan_unique")]


class ReprintSource(models.Model):
    """An upper-level source watched for important items that ``site`` (the portal) must reprint within
    ``deadline_hours``. ``filter_words``: an item is important when its title holds any of them (empty
    list = every item). ``next_check_at`` is claimed by compare-and-set by the periodic watch."""

    class Kind(models.TextChoices):
        RSS = "rss", "RSS/Atom 订阅"
        LIST = "list", "列表页"

    name = models.CharField("名称", max_length=200)
    url = models.URLField("地址", max_length=1000)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.LIST)
    site = models.ForeignKey(Site, models.CASCADE, related_name="reprint_sources", verbose_name="转载网站")
    active = models.BooleanField("启用", default=True)
    filter_words = models.JSONField("重要信息关键词", default=list, blank=True)
    deadline_hours = models.PositiveIntegerField("转载时限（小时）", default=12)
    interval_seconds = models.PositiveIntegerField("检查间隔（秒）", default=1800)
    next_check_at = models.DateTimeField("下次检查时间", null=True, blank=True, db_index=True)
    last_checked_at = models.DateTimeField("上次检查时间", null=True, blank=True)
    last_error = models.CharField("上次错误", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "转载监测来源"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="reprint_source_unique")]

    def __str__(self) -> str:
        return self.name


class UpstreamItem(models.Model):
    """An important item seen on a ReprintSource; ``due_at`` = (published_at or first_seen) + deadline.
    Status pending → reprinted (a matching Publication was found) or overdue (deadline passed, a finding
    and a ticket were raised; becomes reprinted when the reprint appears later)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待转载"
        REPRINTED = "reprinted", "已转载"
        OVERDUE = "overdue", "超时未转载"

    source = models.ForeignKey(ReprintSource, models.CASCADE, related_name="items", verbose_name="来源")
    title = models.CharField("标题", max_length=500)
    title_key = models.CharField("标题（规范化）", max_length=500, blank=True)
    url = models.URLField("网址", max_length=1000)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    first_seen = models.DateTimeField("首次发现")
    due_at = models.DateTimeField("转载截止时间", db_index=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    publication = models.ForeignKey(Publication, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="转载信息")
    similarity = models.FloatField("标题相似度", null=True, blank=True)
    matched_at = models.DateTimeField("匹配时间", null=True, blank=True)
    overdue_at = models.DateTimeField("判定超时时间", null=True, blank=True)
    finding_id = models.BigIntegerField("问题编号", null=True, blank=True)
    ticket_ref = models.CharField("工单", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "上级重要信息"
        ordering = ["-first_seen", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "url"], name="upstream_item_unique")]


class AnnualReport(models.Model):
    """The 政府网站工作年度报表 of ``site`` for ``year``: ``values`` computed from the platform's data
    (field key → value), ``manual`` entered by hand (field key → text); status draft or final."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "已定稿"

    site = models.ForeignKey(Site, models.CASCADE, related_name="annual_reports", verbose_name="网站")
    year = models.PositiveIntegerField("年度")
    values = models.JSONField("统计数据", default=dict, blank=True)
    manual = models.JSONField("人工填报", default=dict, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    computed_at = models.DateTimeField("统计时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="填报人")

    class Meta:
        verbose_name = verbose_name_plural = "政府网站工作年度报表"
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="annual_report_unique")]
