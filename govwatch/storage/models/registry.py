"""Registry models: 主办单位, 政府网站, 栏目, 政务新媒体账号, probe targets (DESIGN.md §3)."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    """Administrative level of a site or account's owner."""

    CITY = "市", "市级"
    COUNTY = "县", "县级"
    TOWN = "乡镇", "乡镇级"


class Unit(models.Model):
    """主办单位 — the unit that owns sites and accounts; unit users see only their unit's data."""

    name = models.CharField("单位名称", max_length=200, unique=True)
    level = models.CharField("级别", max_length=8, choices=Level.choices, blank=True)
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, verbose_name="上级单位")
    contact = models.CharField("联系人及电话", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "主办单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """政府网站. ``home_url`` is unique and the natural key for registry imports.

    Scan cadence: ``full_scan_days`` (default 7) and ``incremental_hours`` (default 24) override the
    platform defaults per site; ``probes_per_day`` None = the platform setting (≥ 20).
    """

    class Kind(models.TextChoices):
        PORTAL = "portal", "门户网站"
        DEPARTMENT = "department", "部门网站"

    name = models.CharField("网站名称", max_length=200)
    home_url = models.URLField("首页网址", max_length=500, unique=True)
    site_id_code = models.CharField("网站标识码", max_length=20, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="sites", verbose_name="主办单位")
    level = models.CharField("级别", max_length=8, choices=Level.choices, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.PORTAL)
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="departments",
                               verbose_name="上级门户")
    extra_hosts = models.JSONField("其他主机名", default=list, blank=True)
    ignore_robots = models.BooleanField("忽略 robots.txt", default=False)
    active = models.BooleanField("监测中", default=True)
    full_scan_days = models.PositiveIntegerField("全量扫描间隔（天）", null=True, blank=True)
    incremental_hours = models.PositiveIntegerField("增量扫描间隔（小时）", null=True, blank=True)
    probes_per_day = models.PositiveIntegerField("每日探测次数", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府网站"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Column(models.Model):
    """栏目 of a site: declared in the registry or discovered by a scan, with its last item date."""

    class Source(models.TextChoices):
        DECLARED = "declared", "登记"
        DISCOVERED = "discovered", "发现"

    site = models.ForeignKey(Site, models.CASCADE, related_name="columns", verbose_name="网站")
    name = models.CharField("栏目名称", max_length=200)
    url = models.URLField("栏目网址", max_length=500)
    type = models.CharField("栏目类型", max_length=20, default="other")
    update_window_days = models.PositiveIntegerField("更新时限（天）", null=True, blank=True)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.DECLARED)
    key = models.BooleanField("重点栏目（纳入可用性探测）", default=False)
    last_item_date = models.DateField("最新信息日期", null=True, blank=True)
    last_seen_at = models.DateTimeField("最近发现时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "栏目"
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="column_unique_url")]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


class ProbeTarget(models.Model):
    """A URL probed for availability besides the homepage: a key column or a business system
    (办事系统, 互动平台)."""

    class Kind(models.TextChoices):
        HOME = "home", "首页"
        COLUMN = "column", "重点栏目"
        SYSTEM = "system", "业务系统"

    site = models.ForeignKey(Site, models.CASCADE, related_name="probe_targets", verbose_name="网站")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=200)
    url = models.URLField("网址", max_length=500)
    next_probe_at = models.DateTimeField("下次探测时间", null=True, blank=True, db_index=True)
    confirm_due_at = models.DateTimeField("待复核时间", null=True, blank=True,
                                          help_text="上次探测失败后约一分钟再探测一次以确认")

    class Meta:
        verbose_name = verbose_name_plural = "探测对象"
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="probe_target_unique_url")]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


class Account(models.Model):
    """政务新媒体账号. ``patrol_days`` None = the cadence for its level (issue #5)."""

    class Platform(models.TextChoices):
        WECHAT = "wechat", "微信"
        WEIBO = "weibo", "微博"
        DOUYIN = "douyin", "抖音"
        APP = "app", "政务APP"
        OTHER = "other", "其他"

    platform = models.CharField("平台", max_length=10, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=200)
    platform_id = models.CharField("账号ID/主页", max_length=300)
    feed_url = models.URLField("订阅地址", max_length=500, blank=True)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="accounts", verbose_name="主办单位")
    level = models.CharField("级别", max_length=8, choices=Level.choices, blank=True)
    kind = models.CharField("账号类型", max_length=12, blank=True,
                            choices=[("government", "政府账号"), ("department", "部门账号")],
                            help_text="留空时按主办单位名称判断（“人民政府”及其办公室、新闻办为政府账号）")
    active = models.BooleanField("监测中", default=True)
    patrol_days = models.PositiveIntegerField("巡检间隔（天）", null=True, blank=True,
                                              help_text="留空时按级别和账号类型的巡检周期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务新媒体账号"
        constraints = [models.UniqueConstraint(fields=["platform", "platform_id"], name="account_unique_id")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.name}"
