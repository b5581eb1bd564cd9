"""Tickets the platform opens by itself (issue #8 §1), run by the desk's periodic job:

- a confirmed failed homepage probe (Probe ok=False, confirmed by its re-probe, not excused, not itself a
  re-probe; services.probes) → a fault ticket for the site's unit, ``source`` 'probe', ``source_ref``
  ``site:<id>``. One open ticket per site at a time; a failure seen before a probe ticket of that site was
  closed (it was part of that outage) opens nothing; a failure after the close is a new outage.
- an open finding of a veto indicator (单项否决; the indicators of kind veto in the rulebook and the finding
  codes they cover, e.g. availability.veto, homepage.stale, column.veto_stale, content.serious_error,
  account.stale …) → a ticket, ``source`` 'finding', ``source_ref`` ``finding:<id>`` (website) or
  ``account_finding:<id>`` (new media). One ticket per finding ever: closing the ticket does not reopen it
  while the finding stays open. availability.* → fault; everything else → content request.

Everything is looked for in the last ``LOOKBACK`` only, so a restarted platform does not flood the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from govwatch.rules.rulebook import Kind, Rulebook, default_rulebook
from govwatch.services.desk.tickets import open_ticket
from govwatch.storage.desk.models import OPEN_STATUSES, Ticket
from govwatch.storage.models import AccountFinding, Finding, Probe

LOOKBACK = timedelta(hours=6)
"""Probes and findings (by last_seen) older than this are not looked at."""
HOME = "home"


@dataclass(frozen=True)
class Raised:
    """Tickets opened by one ``raise_automatic`` call, by source."""

    probes: int
    findings: int


def veto_codes(rulebook: Rulebook | None = None) -> frozenset[str]:
    """The finding codes of the rulebook's veto indicators (default: the national rulebook)."""
    book = rulebook or default_rulebook()
    return frozenset(code for ind in book.indicators if ind.kind == Kind.VETO for code in ind.codes)


def raise_automatic(now: datetime, rulebook: Rulebook | None = None) -> Raised:
    """Open the tickets owed for recent confirmed probe failures and veto findings; idempotent."""
    return Raised(_from_probes(now), _from_findings(now, veto_codes(rulebook)))


def _from_probes(now: datetime) -> int:
    failures = (Probe.objects.filter(ok=False, confirmed=True, excused=False, recheck=False, target_kind=HOME,
                                     at__gte=now - LOOKBACK, at__lte=now)
                .select_related("site").order_by("site_id", "-at"))
    opened, seen = 0, set()
    for probe in failures:
        if probe.site_id in seen:
            continue
        seen.add(probe.site_id)
        ref = f"site:{probe.site_id}"
        handled = Ticket.objects.filter(source="probe", source_ref=ref)
        if handled.filter(Q(status__in=OPEN_STATUSES) | Q(closed_at__gte=probe.at)).exists():
            continue
        reason = f"HTTP {probe.status}" if probe.status else (probe.error or "无法访问")
        open_ticket("fault", f"{probe.site.name}首页无法访问", f"{probe.url} 探测失败（{reason}），复核探测确认。",
                    probe.site.unit_id, "probe", ref, now)
        opened += 1
    return opened


def _from_findings(now: datetime, codes: frozenset[str]) -> int:
    opened = 0
    site_rows = Finding.objects.filter(code__in=codes, status="open", last_seen__gte=now - LOOKBACK).exclude(
        certainty="suspected").select_related("site")
    for f in site_rows:
        opened += _open_for(f"finding:{f.pk}", f.code, f"{f.site.name}：{f.message}", f.url, f.site.unit_id, now)
    account_rows = AccountFinding.objects.filter(code__in=codes, status="open",
                                                 last_seen__gte=now - LOOKBACK).select_related("account")
    for a in account_rows:
        opened += _open_for(f"account_finding:{a.pk}", a.code, f"{a.account.name}：{a.message}", a.url,
                            a.account.unit_id, now)
    return opened


def _open_for(ref: str, code: str, message: str, url: str, unit_id: int, now: datetime) -> bool:
    if Ticket.objects.filter(source="finding", source_ref=ref).exists():
        return False
    kind = "fault" if code.startswith("availability.") else "content"
    open_ticket(kind, f"单项否决问题：{message}", f"问题代码 {code}\n{url}".strip(), unit_id, "finding", ref, now,
                priority="high" if kind == "content" else "")
    return True
