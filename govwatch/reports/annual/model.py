"""The annual form as plain frozen data for the renderers (no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govwatch.reports.annual.fields import FIELDS, MANUAL_MARK, SECTIONS


@dataclass(frozen=True)
class FormField:
    """One filled field: ``value`` '' while it awaits manual entry (``pending`` True); ``origin`` 平台统计
    (computed), 人工填报 (entered) or '' (pending)."""

    key: str
    label: str
    value: str
    unit: str
    origin: str

    @property
    def pending(self) -> bool:
        """True while the field is blank and must be entered by hand."""
        return self.value == ""

    @property
    def status(self) -> str:
        """The marker shown beside the value: the origin, or 待人工填报 while pending."""
        return MANUAL_MARK if self.pending else self.origin


@dataclass(frozen=True)
class FormSection:
    """A section of the form (信息发布 …) and its fields in form order."""

    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class AnnualForm:
    """The 政府网站工作年度报表 of one site and year; ``generated`` Beijing time text; ``status`` 草稿/已定稿."""

    year: int
    site_name: str
    unit: str
    generated: str
    status: str
    sections: tuple[FormSection, ...]

    @property
    def title(self) -> str:
        """``{site} {year}年政府网站工作年度报表``."""
        return f"{self.site_name}{self.year}年政府网站工作年度报表"

    @property
    def pending(self) -> int:
        """How many fields still await manual entry."""
        return sum(f.pending for s in self.sections for f in s.fields)

    def value(self, key: str) -> str:
        """The value of field ``key`` ('' when pending); KeyError for an unknown key."""
        for section in self.sections:
            for f in section.fields:
                if f.key == key:
                    return f.value
        raise KeyError(key)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def build_form(year: int, site_name: str, unit: str, generated: str, status: str,
               computed: Mapping[str, object], manual: Mapping[str, object]) -> AnnualForm:
    """The form from computed values (auto fields) and manual entries (any field; an entry wins over a
    computed value). Fields with neither stay blank and pending."""
    sections = []
    for title in SECTIONS:
        fields = []
        for spec in (f for f in FIELDS if f.section == title):
            entered, auto = _text(manual.get(spec.key)), _text(computed.get(spec.key)) if spec.auto else ""
            value, origin = (entered, "人工填报") if entered else (auto, "平台统计") if auto else ("", "")
            fields.append(FormField(spec.key, spec.label, value, spec.unit, origin))
        sections.append(FormSection(title, tuple(fields)))
    return AnnualForm(year, site_name, unit, generated, status, tuple(sections))
