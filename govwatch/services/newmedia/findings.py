"""Account findings across runs: fingerprints, upsert, resolution and the account verdict.

A fingerprint is :func:`govwatch.core.fingerprint.fingerprint` of ``account://<account key>``, the code,
the URL and the evidence value that tells two findings of one code on one URL apart (the period of
``account.low_frequency``, the post of ``account.commercial_ad`` and the proofreading codes, the check of ``check.error``), so a
problem seen by many collections is one row with first/last seen and the days it was seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from govwatch.core.fingerprint import fingerprint
from govwatch.core.models import Finding as CoreFinding
from govwatch.rules.rulebook import Kind, Rulebook
from govwatch.services.persist import add_day, china_day, unjudged_codes
from govwatch.storage import account_queries
from govwatch.storage.models import AccountFinding

DISTINGUISHING: Mapping[str, str] = {"account.low_frequency": "period", "account.commercial_ad": "post_id",
                                     "account.typo": "post_id", "account.serious_error": "post_id",
                                     "check.error": "check"}
PASS, FAIL, UNJUDGED = "合格", "不合格", "未判定"


@dataclass(frozen=True)
class UpsertResult:
    """Distinct ``findings`` seen this run, how many were ``new``, ``reopened`` or ``resolved``."""

    findings: int = 0
    new: int = 0
    reopened: int = 0
    resolved: int = 0


def account_fingerprint(account_key: str, finding: CoreFinding) -> str:
    """SHA-256 hex fingerprint of an account finding (see module docstring)."""
    key = str(finding.evidence.get(DISTINGUISHING.get(finding.code, "key"), ""))
    return fingerprint(f"account://{account_key}", finding.code, finding.url, {"key": key})


def verdict_of(ok: bool, findings: Iterable[CoreFinding], rulebook: Rulebook) -> str:
    """不合格 when a finding counts for a veto indicator, else 合格 — or 未判定 when the collection failed
    and no veto was found anyway (a failure never passes an account)."""
    if any(ind.kind == Kind.VETO for f in findings for ind in rulebook.for_code(f.code)):
        return FAIL
    return PASS if ok else UNJUDGED


def _fields(f: CoreFinding, rulebook: Rulebook) -> dict[str, Any]:
    return {"code": f.code[:80], "url": f.url[:1000], "message": f.message, "fix": f.fix, "count": f.count,
            "evidence": dict(f.evidence), "indicators": [ind.id for ind in rulebook.for_code(f.code)]}


def upsert_findings(account_id: int, run_id: int, account_key: str, findings: Iterable[CoreFinding],
                    now: datetime, rulebook: Rulebook, *, resolve: bool) -> UpsertResult:
    """Store this run's findings of the account (inside the caller's transaction); with ``resolve`` the
    open findings not seen again are resolved (except codes of checks that raised)."""
    findings = list(findings)
    seen: dict[str, CoreFinding] = {}
    for f in findings:
        seen.setdefault(account_fingerprint(account_key, f), f)
    existing = account_queries.findings_by_fingerprint(account_id, list(seen))
    day = china_day(now).isoformat()
    new, changed, reopened = [], [], 0
    for fp, f in seen.items():
        row = existing.get(fp)
        if row is None:
            new.append(AccountFinding(account_id=account_id, fingerprint=fp, first_seen=now, last_seen=now,
                                      last_run_id=run_id, days_seen=[day], **_fields(f, rulebook)))
            continue
        reopened += row.status == AccountFinding.Status.RESOLVED
        for name, value in _fields(f, rulebook).items():
            setattr(row, name, value)
        row.status, row.resolved_at, row.last_run_id = AccountFinding.Status.OPEN, None, run_id
        row.last_seen = max(row.last_seen, now)
        row.days_seen = add_day(row.days_seen or (), china_day(now))
        changed.append(row)
    account_queries.save_findings(new, changed)
    resolved = account_queries.resolve_missing(account_id, seen, unjudged_codes(findings, rulebook), now) \
        if resolve else 0
    return UpsertResult(len(seen), len(new), reopened, resolved)
