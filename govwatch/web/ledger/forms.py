"""Forms of the ledger area; site and unit choices are limited to what the Actor may see."""

from __future__ import annotations

from typing import Any

from django import forms

from govwatch.core.clock import CHINA_TZ
from govwatch.services.access import Actor
from govwatch.storage.ledger.models import Publication, ReprintSource


def site_choices(actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the sites the actor may see."""
    return [(s.pk, s.name) for s in actor.sites().order_by("name")]


class _SiteForm(forms.Form):
    site = forms.TypedChoiceField(label="网站", coerce=int)

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = site_choices(actor)


class PublicationForm(_SiteForm):
    """A hand entry of the ledger; ``published_at`` is read as Beijing time."""

    column_name = forms.CharField(label="栏目", max_length=200, required=False)
    title = forms.CharField(label="标题", max_length=500)
    url = forms.URLField(label="网址", assume_scheme="https", max_length=1000, required=False)
    source_unit = forms.CharField(label="来源单位", max_length=200, required=False)
    editor = forms.CharField(label="编辑", max_length=100, required=False)
    reviewer = forms.CharField(label="审核人", max_length=100, required=False)
    published_at = forms.DateTimeField(label="发布时间", input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    kind = forms.ChoiceField(label="类型", choices=Publication.Kind.choices)

    def clean_published_at(self) -> Any:
        value = self.cleaned_data["published_at"]
        return value.replace(tzinfo=CHINA_TZ) if value.tzinfo is None else value


class ChangeForm(forms.Form):
    """A post-publish change: the fields that may change and a note."""

    title = forms.CharField(label="标题", max_length=500)
    column_name = forms.CharField(label="栏目", max_length=200, required=False)
    url = forms.URLField(label="网址", assume_scheme="https", max_length=1000, required=False)
    source_unit = forms.CharField(label="来源单位", max_length=200, required=False)
    editor = forms.CharField(label="编辑", max_length=100, required=False)
    reviewer = forms.CharField(label="审核人", max_length=100, required=False)
    kind = forms.ChoiceField(label="类型", choices=Publication.Kind.choices)
    note = forms.CharField(label="修改说明", max_length=300, required=False)


class DutyForm(_SiteForm):
    """A row of the column responsibility table."""

    column_name = forms.CharField(label="栏目名称", max_length=200)
    unit = forms.TypedChoiceField(label="责任单位", coerce=int)
    person = forms.CharField(label="责任人", max_length=100)
    contact = forms.CharField(label="联系方式", max_length=200, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(actor, *args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in actor.units().order_by("name")]


class PlanForm(_SiteForm):
    """A yearly deliverable plan: target and planned items, one ``月份 标题`` per line."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=[("topic", "专题"), ("graphic", "政策图解")])
    target = forms.IntegerField(label="年度目标数", min_value=0, max_value=1000)
    items = forms.CharField(label="计划事项（每行“月份 标题”）", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class SourceForm(_SiteForm):
    """An upstream source of the reprint watch."""

    name = forms.CharField(label="来源名称", max_length=200)
    url = forms.URLField(label="地址", assume_scheme="https", max_length=1000)
    kind = forms.ChoiceField(label="类型", choices=ReprintSource.Kind.choices)
    filter_words = forms.CharField(label="重要信息关键词（逗号或空格分隔，留空表示全部）", required=False)
    deadline_hours = forms.IntegerField(label="转载时限（小时）", min_value=1, max_value=240, initial=12)


class AnnualForm(_SiteForm):
    """Which site and year to compute the annual report for."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
