"""What a stored site's 监测报告 reads: the site, its Score of a period and its findings of the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from govwatch.storage.models import Finding, Score, Site


def site(site_id: int) -> Site | None:
    """The site with its unit, None when there is none."""
    return Site.objects.select_related("unit").filter(id=site_id).first()


@dataclass(frozen=True)
class SiteScore:
    """A stored period score: verdict, total (None when not scored), veto titles, ``detail`` indicators."""

    verdict: str
    total: float | None
    vetoes: tuple[str, ...]
    indicators: tuple[dict[str, Any], ...]


def site_score(site_id: int, period: str) -> SiteScore | None:
    """The site's Score of ``period`` ('2026Q4'), None when not computed."""
    row = Score.objects.filter(site_id=site_id, period=period).first()
    if row is None:
        return None
    detail = row.detail or {}
    return SiteScore(row.verdict, row.total, tuple(detail.get("vetoes", ())), tuple(detail.get("indicators", ())))


@dataclass(frozen=True)
class SiteFindingRow:
    """A stored finding of the site (evidence as stored JSON)."""

    code: str
    message: str
    url: str
    status: str
    first_seen: datetime
    last_seen: datetime
    evidence: dict[str, Any]
    fix: str
    count: int


def site_findings(site_id: int, start: datetime, end: datetime, limit: int = 5000) -> list[SiteFindingRow]:
    """The site's findings open at some moment of [start, end), open ones first, then newest; at most
    ``limit`` (dead links can run into thousands)."""
    during = Q(first_seen__lt=end) & (Q(status="open") | Q(resolved_at__isnull=False, resolved_at__gte=start))
    rows = (Finding.objects.filter(during, site_id=site_id).order_by("-status", "-last_seen", "id")
            .values_list("code", "message", "url", "status", "first_seen", "last_seen", "evidence", "fix", "count"))
    labels = dict(Finding.Status.choices)
    return [SiteFindingRow(code, message, url, labels.get(status, status), first, last, evidence or {}, fix, count)
            for code, message, url, status, first, last, evidence, fix, count in rows[:limit]]
