"""The daily cross-check list (每日核对清单, issue #8 §3): what was published on a day, each row with what a
person must still check — a crawled article nobody entered (no editor/reviewer on record), a hand entry not
found on the site (no URL), a column without a responsible unit, missing editor, reviewer or source unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govwatch.services.access import Actor
from govwatch.services.ledger.publications import visible_publications
from govwatch.storage.ledger.models import ColumnDuty, Publication


@dataclass(frozen=True)
class CrossCheckRow:
    """One published item and the Chinese notes of what is missing (empty tuple = complete)."""

    publication: Publication
    duty: str
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when nothing is missing."""
        return not self.notes


def _notes(pub: Publication, has_duty: bool) -> tuple[str, ...]:
    notes = []
    if pub.origin == Publication.Origin.CRAWL and not (pub.editor or pub.reviewer):
        notes.append("网站已发布但台账未登记，请补录编辑、审核信息")
    else:
        notes += [label for value, label in ((pub.editor, "缺编辑"), (pub.reviewer, "缺审核人")) if not value]
    if not pub.source_unit:
        notes.append("缺来源单位")
    if not pub.url:
        notes.append("台账已登记但未在网站发现（无网址）")
    if not has_duty:
        notes.append("栏目未明确责任单位")
    return tuple(notes)


def crosscheck(actor: Actor, day: date, site_id: int | None = None) -> list[CrossCheckRow]:
    """The rows published on ``day`` (Beijing time) that the actor may see, oldest first."""
    pubs = list(visible_publications(actor, site_id=site_id, day=day).order_by("published_at", "id"))
    duties = {(d.site_id, d.column_name): d for d in
              ColumnDuty.objects.filter(site_id__in={p.site_id for p in pubs}).select_related("unit")}
    rows = []
    for pub in pubs:
        duty = duties.get((pub.site_id, pub.column_name))
        label = f"{duty.unit.name} {duty.person}" if duty else ""
        rows.append(CrossCheckRow(pub, label, _notes(pub, duty is not None)))
    return rows
