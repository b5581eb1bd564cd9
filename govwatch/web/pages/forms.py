"""Forms of the pages area: the findings filter (GET; an invalid value is named in a Chinese message by
``filter_errors`` — the list shows nothing rather than silently widening the filter)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from govwatch.services.access import Actor
from govwatch.services.dashboard import FindingQuery, finding_codes, indicator_choices
from govwatch.web.errors import MAX_ID

LEVELS = [("", "全部级别"), ("市", "市级"), ("县", "县级"), ("乡镇", "乡镇级")]
STATUSES = [("", "全部状态"), ("open", "未解决"), ("resolved", "已解决")]


class FastSelect(forms.Select):
    """A <select> rendered with plain string building: Django's template-per-option rendering took ~30 ms
    for the few hundred units of a fleet (measured by benchmarks/dashboard.py)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        """The select element with ``value`` selected."""
        final = self.build_attrs(self.attrs, attrs)
        current = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        options = "".join(f'<option value="{escape(v)}"{" selected" if str(v) == current else ""}>{escape(label)}</option>'
                          for v, label in self.choices)
        return mark_safe(f'<select name="{escape(name)}" id="{escape(final.get("id", ""))}">{options}</select>')


class FindingFilterForm(forms.Form):
    """Filters of the findings list; choices limited to what the actor may see."""

    indicator = forms.ChoiceField(label="指标", required=False, widget=FastSelect)
    code = forms.ChoiceField(label="问题代码", required=False, widget=FastSelect)
    unit = forms.TypedChoiceField(label="主办单位", required=False, coerce=int, empty_value=None,
                                  widget=FastSelect)
    level = forms.ChoiceField(label="级别", required=False, choices=LEVELS, widget=FastSelect)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUSES, widget=FastSelect)
    since = forms.DateField(label="最近发现自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.IntegerField(label="网站编号", required=False, min_value=1, max_value=MAX_ID,
                              widget=forms.HiddenInput)
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, actor: Actor, units: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "全部指标")] + [(i.id, i.title) for i in indicator_choices()]
        codes = finding_codes(actor)
        families = sorted({c.split(".")[0] + "." for c in codes if "." in c})
        self.fields["code"].choices = ([("", "全部问题代码")] + [(f, f"{f}*（该类全部）") for f in families]
                                       + [(c, c) for c in codes])
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = [("", "全部单位")] + units

    def filter_errors(self) -> list[str]:
        """One Chinese message per invalid filter, naming it: ``筛选条件“级别”无效：…``; [] when all valid."""
        if self.is_valid():
            return []
        return [f"筛选条件“{self.fields[name].label}”无效：{'；'.join(str(m) for m in messages)}"
                for name, messages in self.errors.items() if name in self.fields]

    def query(self) -> FindingQuery:
        """The FindingQuery of the valid fields (invalid ones dropped)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return FindingQuery(indicator=data.get("indicator") or "", code=data.get("code") or "",
                            unit_id=data.get("unit"), site_id=data.get("site"), level=data.get("level") or "",
                            status=data.get("status") or "", since=data.get("since"), until=data.get("until"),
                            text=(data.get("q") or "").strip())
