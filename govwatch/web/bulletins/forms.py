"""Forms of the bulletins area: 生成通报 (period, scope, 文号, 发文机关) and 生成监测报告 (site, period)."""

from __future__ import annotations

from django import forms

from govwatch.services.access import Actor
from govwatch.services.bulletins.build import DEFAULT_ISSUER

LEVEL_SCOPES = [("level:市", "市级"), ("level:县", "县级"), ("level:乡镇", "乡镇级")]


class BulletinForm(forms.Form):
    """生成通报: ``period`` 2026Q4, ``scope`` city / level:县 / unit:<id>."""

    period = forms.CharField(label="周期", max_length=10, help_text="季度如 2026Q4，也可填月份 2026-11 或年度 2026")
    scope = forms.ChoiceField(label="范围")
    doc_number = forms.CharField(label="文号", max_length=100, required=False, help_text="留空时按周期生成，如〔2026〕4号")
    issuer = forms.CharField(label="发文机关", max_length=200, required=False, initial=DEFAULT_ISSUER)

    def __init__(self, actor: Actor, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        units = [(f"unit:{u.id}", u.name) for u in actor.units().only("id", "name").order_by("name")]
        self.fields["scope"].choices = [("city", "全市"), *LEVEL_SCOPES, *units]


class SiteReportForm(forms.Form):
    """生成监测报告 of one site the actor may see."""

    site = forms.TypedChoiceField(label="网站", coerce=int)
    period = forms.CharField(label="周期", max_length=10, required=False, help_text="留空为本季度，如 2026Q4")

    def __init__(self, actor: Actor, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [
            (s.id, s.name) for s in actor.sites().only("id", "name").order_by("name")]
