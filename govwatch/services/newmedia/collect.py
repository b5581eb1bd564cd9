"""Use case: collect and check new-media accounts, store posts and findings (issue #5 §1–2).

For each account: build its :class:`~govwatch.core.AccountSpec` from the Account row, run the
collector (``govwatch.sources``, all accounts of a call concurrently under the per-host limits), store
the posts idempotently (one row per account and platform post id), run ``NEWMEDIA_CHECKS`` as of
``now``, upsert the findings by fingerprint (first/last seen, days seen) and resolve those a successful
collection no longer finds. A failed collection resolves nothing: it judged nothing but its failure.
Then the account's patrol is moved on (a success completes this period's patrol; a failure retries).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from govwatch.checks.newmedia import NewMediaContext, run_newmedia_checks
from govwatch.core.clock import utcnow
from govwatch.core.models import LinkCheck
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult
from govwatch.crawl import CrawlOptions
from govwatch.crawl.linkcheck import check_links_sync
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.services.newmedia.findings import UpsertResult, upsert_findings, verdict_of
from govwatch.services.newmedia.patrols import RETRY_SECONDS, account_kind
from govwatch.sources import CollectorSettings, WeiboOptions
from govwatch.sources import collect_accounts as collect_specs
from govwatch.storage import account_queries, patrol_queries
from govwatch.storage.models import Account, AccountRun


@dataclass(frozen=True)
class CollectOptions:
    """How to collect: ``settings`` of the HTTP client (timeouts, per-host intervals …) and ``weibo``
    options (look-back, endpoints); ``rulebook`` None = the bundled national one; ``links`` how the
    links in posts and menus are checked (timeouts, retries, ``resolve``)."""

    settings: CollectorSettings = field(default_factory=CollectorSettings)
    weibo: WeiboOptions = field(default_factory=WeiboOptions)
    rulebook: Rulebook | None = None
    links: CrawlOptions = field(default_factory=lambda: CrawlOptions(retries=1, total_timeout=15.0))


@dataclass(frozen=True)
class AccountOutcome:
    """What one account's collection gave: its ``run_id``, ``ok``, the error kind ('' on success), posts
    collected and new, the verdict (合格 / 不合格 / 未判定) and what happened to its findings."""

    account_id: int
    name: str
    run_id: int
    ok: bool
    error_kind: str
    error_message: str
    posts: int
    posts_new: int
    verdict: str
    findings: UpsertResult


def account_spec(account: Account) -> AccountSpec:
    """The engine's view of an Account row (platform, ids, feed, level, unit name, kind)."""
    return AccountSpec(platform=account.platform, name=account.name, platform_id=account.platform_id,
                       feed_url=account.feed_url, level=account.level, unit=account.unit.name,
                       kind=account_kind(account))


def text_hash(text: str) -> str:
    """SHA-256 hex of a post's text (what is stored instead of the text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def collect_account(account: Account, now: datetime | None = None,
                    options: CollectOptions | None = None) -> AccountOutcome:
    """Collect, check and store one account as of ``now`` (aware; default the current time)."""
    return collect_accounts([account], now, options)[0]


def collect_accounts(accounts: Sequence[Account], now: datetime | None = None,
                     options: CollectOptions | None = None) -> list[AccountOutcome]:
    """Collect all ``accounts`` concurrently, then check and store each (one transaction per account).
    Never raises for a collector failure: it is an ``account.collect_failed`` finding."""
    now = now or utcnow()
    options = options or CollectOptions()
    rulebook = options.rulebook or default_rulebook()
    specs = [account_spec(a) for a in accounts]
    results = collect_specs(specs, options.settings, now, options.weibo) if specs else []
    checks = {c.url: c for c in check_links_sync([u for r in results for u in linked_urls(r)], options.links)}
    return [record_collection(a, r, now, rulebook, tuple(checks[u] for u in linked_urls(r) if u in checks))
            for a, r in zip(accounts, results, strict=True)]


def linked_urls(result: CollectResult) -> list[str]:
    """The URLs an account's menu and collected posts link to (what ``account.dead_link`` judges)."""
    return list(dict.fromkeys([*result.account.menu_urls, *(u for p in result.posts for u in p.links)]))


def _post_rows(result: CollectResult) -> list[account_queries.PostRow]:
    return [account_queries.PostRow(p.post_id, p.published_at, p.title, text_hash(p.text), p.url, p.pinned)
            for p in result.posts]


def record_collection(account: Account, result: CollectResult, now: datetime,
                      rulebook: Rulebook | None = None, link_checks: tuple[LinkCheck, ...] = ()) -> AccountOutcome:
    """Store one collection result of ``account`` as of ``now``: run row, posts, checks, findings, patrol.
    ``link_checks`` are the verdicts on the URLs its posts and menu link to."""
    rulebook = rulebook or default_rulebook()
    findings = run_newmedia_checks(NewMediaContext(result.account, result, now, link_checks), rulebook)
    verdict = verdict_of(result.ok, findings, rulebook)
    latest = result.latest
    with transaction.atomic():
        run = account_queries.start_run(account.pk, now)
        new_posts = account_queries.store_posts(account.pk, _post_rows(result), now)
        upsert = upsert_findings(account.pk, run.pk, result.account.key, findings, now, rulebook,
                                 resolve=result.ok)
        account_queries.finish_run(
            run.pk, now, status=AccountRun.Status.DONE, ok=result.ok, source=result.source,
            error_kind=result.error_kind.value if result.error_kind else "", error_message=result.error_message,
            posts_found=len(result.posts), posts_new=new_posts, verdict=verdict, findings=upsert.findings,
            latest_post_at=latest.published_at if latest else None)
        retry = None if result.error_kind == CollectErrorKind.UNSUPPORTED else RETRY_SECONDS
        patrol_queries.finish_patrol_run(account.pk, now, result.ok, retry)
    return AccountOutcome(account.pk, account.name, run.pk, result.ok,
                          result.error_kind.value if result.error_kind else "", result.error_message,
                          len(result.posts), new_posts, verdict, upsert)
