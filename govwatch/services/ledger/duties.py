"""The column responsibility table (栏目责任分工表, issue #8 §3): column → responsible unit, person, contact.

Staff (admin, operator) see and edit every row; a unit user sees the rows of their own sites and the rows
their unit is responsible for, and edits only their own sites' rows with their own unit as responsible.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from govwatch.services.access import AccessDenied, Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger.publications import require_ledger, writable_site
from govwatch.storage.ledger.models import ColumnDuty
from govwatch.storage.models import Column, Unit


@dataclass(frozen=True)
class DutyInput:
    """One row to save: the column by name (matched to the site's Column when one has that name)."""

    site_id: int
    column_name: str
    unit_id: int
    person: str
    contact: str = ""
    note: str = ""


def visible_duties(actor: Actor, site_id: int | None = None) -> QuerySet[ColumnDuty]:
    """The duty rows the actor may see, by site and column name."""
    require_ledger(actor)
    qs = ColumnDuty.objects.select_related("site", "unit", "column").order_by("site__name", "column_name")
    if actor.is_unit:
        qs = qs.filter(Q(unit_id=actor.unit_id) | Q(site__unit_id=actor.unit_id))
    elif not actor.is_staff_side:
        qs = qs.none()
    return qs.filter(site_id=site_id) if site_id else qs


def save_duty(actor: Actor, data: DutyInput) -> ColumnDuty:
    """Create or update the row of (site, column name). UsageError on blanks or an unknown unit."""
    site = writable_site(actor, data.site_id)
    name, person = data.column_name.strip(), data.person.strip()
    if not name or not person:
        raise UsageError("栏目名称和责任人不能为空")
    unit = actor.units().filter(pk=data.unit_id).first() if actor.is_unit else Unit.objects.filter(
        pk=data.unit_id).first()
    if unit is None:
        raise UsageError("责任单位不存在或不可选")
    column = Column.objects.filter(site=site, name=name).first()
    row, _ = ColumnDuty.objects.update_or_create(
        site=site, column_name=name,
        defaults={"column": column, "unit": unit, "person": person, "contact": data.contact.strip(),
                  "note": data.note.strip()})
    return row


def delete_duty(actor: Actor, duty_id: int) -> None:
    """Delete a row of a site the actor may write; AccessDenied otherwise."""
    row = visible_duties(actor).filter(pk=duty_id).first()
    if row is None:
        raise AccessDenied("无权删除该责任分工（不属于本单位或不存在）")
    writable_site(actor, row.site_id)
    row.delete()


def columns_without_duty(actor: Actor, site_id: int | None = None) -> list[Column]:
    """The visible sites' columns that have no row in the table (责任未明确), by site and name."""
    require_ledger(actor)
    sites = actor.sites() if site_id is None else actor.sites().filter(pk=site_id)
    covered = set(ColumnDuty.objects.filter(site__in=sites).values_list("site_id", "column_name"))
    columns = Column.objects.filter(site__in=sites).select_related("site").order_by("site__name", "name")
    return [c for c in columns if (c.site_id, c.name) not in covered]
