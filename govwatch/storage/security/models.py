"""Models of the ``security`` app (安全监测基线): the defacement (篡改) baseline of each site's homepage and
the schedule of its periodic 防篡改巡检."""

from __future__ import annotations

from django.db import models

from govwatch.storage.models import Site


class Baseline(models.Model):
    """首页防篡改基线 of one site: the homepage's stable-region ``text`` (dynamic regions masked, see
    :func:`govwatch.checks.security_defacement.stable_text`), its SHA-256 ``digest``, the homepage
    ``snapshot`` HTML it was cut from, ``url`` of that homepage, ``captured_at`` and ``approved_by``
    (the operator's user name; '' when it was taken automatically on the site's first security scan).
    One current baseline per site; approving a new one replaces it."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="defacement_baseline",
                                verbose_name="网站")
    url = models.URLField("首页网址", max_length=2000)
    text = models.TextField("稳定区域文本")
    digest = models.CharField("摘要（SHA-256）", max_length=64)
    snapshot = models.TextField("首页快照 HTML", blank=True)
    captured_at = models.DateTimeField("采集时间")
    approved_by = models.CharField("确认人", max_length=150, blank=True)

    class Meta:
        verbose_name = "首页防篡改基线"
        verbose_name_plural = "首页防篡改基线"

    def __str__(self) -> str:
        return f"{self.site} 基线（{self.captured_at:%Y-%m-%d %H:%M}）"


class DefacementWatch(models.Model):
    """防篡改巡检 schedule of one site (``govwatch.services.defacement_watch``): the homepage is due for a
    check at ``next_check_at``; a runner claims it by moving ``next_check_at`` one interval on with
    compare-and-set (so two machines never check one site in the same slot). ``last_checked_at`` and
    ``last_result`` say how the last check ended ('baseline' 采集基线, 'same' 未见篡改, 'defaced' 疑似篡改,
    'unreachable' 首页无法访问, 'error' 检查出错)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="defacement_watch",
                                verbose_name="网站")
    next_check_at = models.DateTimeField("下次巡检", db_index=True)
    last_checked_at = models.DateTimeField("最近巡检", null=True, blank=True)
    last_result = models.CharField("最近结果", max_length=20, blank=True)

    class Meta:
        verbose_name = "首页防篡改巡检"
        verbose_name_plural = "首页防篡改巡检"

    def __str__(self) -> str:
        return f"{self.site} 防篡改巡检（下次 {self.next_check_at:%Y-%m-%d %H:%M}）"
