"""New-media accounts in the database: runs, posts stored idempotently, findings across runs, and the
reads the monthly/quarterly report needs. Datetimes are aware UTC; callers hold the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from govwatch.storage.models import Account, AccountFinding, AccountRun, Post

CHUNK = 500


@dataclass(frozen=True)
class PostRow:
    """A post as stored: platform ``post_id``, aware ``published_at``, ``text_hash`` SHA-256 hex."""

    post_id: str
    published_at: datetime
    title: str
    text_hash: str
    url: str
    pinned: bool


def accounts(ids: Iterable[int] | None = None, *, active_only: bool = True) -> list[Account]:
    """Accounts (with their unit), all or those with ``ids``; by id."""
    rows = Account.objects.select_related("unit").order_by("id")
    if active_only:
        rows = rows.filter(active=True)
    if ids is not None:
        rows = rows.filter(id__in=list(ids))
    return list(rows)


def start_run(account_id: int, now: datetime) -> AccountRun:
    """A new running AccountRun of the account, started ``now``."""
    return AccountRun.objects.create(account_id=account_id, started_at=now)


def store_posts(account_id: int, posts: Sequence[PostRow], now: datetime) -> int:
    """Insert new posts and refresh known ones (title, hash, URL, pinned, last seen), keyed by
    (account, post_id); storing the same posts again changes nothing but ``last_seen``. Returns how
    many were new."""
    unique = {p.post_id[:300]: p for p in posts}
    known = set(Post.objects.filter(account_id=account_id, post_id__in=list(unique)).values_list("post_id", flat=True))
    rows = [Post(account_id=account_id, post_id=pid, published_at=p.published_at, title=p.title[:500],
                 text_hash=p.text_hash, url=p.url[:1000], pinned=p.pinned, first_seen=now, last_seen=now)
            for pid, p in unique.items()]
    Post.objects.bulk_create(rows, batch_size=CHUNK, update_conflicts=True, unique_fields=["account", "post_id"],
                             update_fields=["published_at", "title", "text_hash", "url", "pinned", "last_seen"])
    return len(unique.keys() - known)


def findings_by_fingerprint(account_id: int, fingerprints: Sequence[str]) -> dict[str, AccountFinding]:
    """The account's stored findings with these fingerprints."""
    out: dict[str, AccountFinding] = {}
    for start in range(0, len(fingerprints), CHUNK):
        rows = AccountFinding.objects.filter(account_id=account_id, fingerprint__in=fingerprints[start:start + CHUNK])
        out.update((f.fingerprint, f) for f in rows)
    return out


def save_findings(new: Sequence[AccountFinding], changed: Sequence[AccountFinding]) -> None:
    """Insert ``new`` and update the refreshable fields of ``changed``."""
    AccountFinding.objects.bulk_create(new, batch_size=CHUNK)
    AccountFinding.objects.bulk_update(changed, ["code", "indicators", "url", "message", "evidence", "fix", "count",
                                                 "status", "last_seen", "last_run", "days_seen", "resolved_at"],
                                       batch_size=CHUNK)


def resolve_missing(account_id: int, seen: Iterable[str], keep_codes: Iterable[str], now: datetime) -> int:
    """Resolve the account's open findings not in ``seen`` (codes in ``keep_codes`` were not judged this
    time and stay open). Returns how many were resolved."""
    seen_set, keep = set(seen), set(keep_codes)
    rows = AccountFinding.objects.filter(account_id=account_id, status=AccountFinding.Status.OPEN).values_list(
        "id", "fingerprint", "code")
    gone = [fid for fid, fp, code in rows if fp not in seen_set and code not in keep]
    AccountFinding.objects.filter(id__in=gone).update(status=AccountFinding.Status.RESOLVED, resolved_at=now)
    return len(gone)


def finish_run(run_id: int, now: datetime, **fields: object) -> None:
    """Mark the run finished at ``now`` with ``fields`` (status, ok, error_kind, verdict …)."""
    AccountRun.objects.filter(id=run_id).update(finished_at=now, **fields)


def open_findings(account_id: int) -> list[AccountFinding]:
    """The account's open findings."""
    return list(AccountFinding.objects.filter(account_id=account_id, status=AccountFinding.Status.OPEN))


# ---------------------------------------------------------------- report reads


def post_counts(start: datetime, end: datetime) -> dict[int, tuple[int, datetime | None]]:
    """Account id → (posts published in [start, end), newest non-pinned post time before ``end``)."""
    counts = dict(Post.objects.filter(published_at__gte=start, published_at__lt=end)
                  .values_list("account_id").annotate(n=Count("id")).values_list("account_id", "n"))
    latest = dict(Post.objects.filter(published_at__lt=end, pinned=False)
                  .values_list("account_id").annotate(m=Max("published_at")).values_list("account_id", "m"))
    return {aid: (counts.get(aid, 0), latest.get(aid)) for aid in counts.keys() | latest.keys()}


def findings_in_period(start: datetime, end: datetime) -> list[AccountFinding]:
    """Findings open at some time in [start, end): first seen before ``end`` and not resolved before
    ``start``; by account, then code."""
    return list(AccountFinding.objects.filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=start),
                                              first_seen__lt=end).order_by("account_id", "code", "id"))


def run_stats(start: datetime, end: datetime) -> dict[int, tuple[int, int, str]]:
    """Account id → (collections started in [start, end), successful ones, the latest failure message)."""
    out: dict[int, tuple[int, int, str]] = {}
    rows = (AccountRun.objects.filter(started_at__gte=start, started_at__lt=end, finished_at__isnull=False)
            .order_by("account_id", "started_at").values_list("account_id", "ok", "error_message"))
    for account_id, ok, error in rows:
        runs, ok_runs, last_error = out.get(account_id, (0, 0, ""))
        out[account_id] = (runs + 1, ok_runs + ok, last_error if ok else error)
    return out
