"""The 2-week veto on the real samples, through the platform: runs, stored posts and findings.

上海发布 feed: newest item 2021-06-16 20:04 → 7-day warning from 2021-06-24, veto (account.stale) from
2021-07-01. Weibo timeline (明日方舟): newest non-pinned post 2021-06-17 16:00 → warning from 2021-06-25,
veto from 2021-07-02. A collection answered with HTTP 418 is 未判定, never stale, and resolves nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nmplatkit import beijing, options

from govwatch.services.newmedia import collect_account
from govwatch.services.registry_io import import_registry
from govwatch.storage.models import Account, AccountFinding, AccountRun, Post

pytestmark = pytest.mark.django_db


def _accounts(registry_file: Path, base: str) -> dict[str, Account]:
    assert import_registry(registry_file, now=beijing(2021, 6, 17, 10, 0)).ok
    return {a.name: a for a in Account.objects.select_related("unit")}


def _open_codes(account: Account) -> list[str]:
    return sorted(AccountFinding.objects.filter(account=account, status="open", code__startswith="account.stale")
                  .values_list("code", flat=True))


@pytest.mark.parametrize(("name", "day", "verdict", "codes"), [
    ("上海发布", (2021, 6, 23), "合格", []),
    ("上海发布", (2021, 6, 24), "合格", ["account.stale_warning"]),
    ("上海发布", (2021, 6, 30), "合格", ["account.stale_warning"]),
    ("上海发布", (2021, 7, 1), "不合格", ["account.stale"]),
    ("明日方舟Arknights", (2021, 6, 24), "合格", []),
    ("明日方舟Arknights", (2021, 7, 1), "合格", ["account.stale_warning"]),
    ("明日方舟Arknights", (2021, 7, 2), "不合格", ["account.stale"]),
])
def test_two_week_veto_on_real_samples(registry_file: Path, nm_server: str, name: str,
                                       day: tuple[int, int, int], verdict: str, codes: list[str]) -> None:
    account = _accounts(registry_file, nm_server)[name]
    outcome = collect_account(account, beijing(*day, 9, 0), options(nm_server))
    assert outcome.ok and outcome.verdict == verdict
    assert _open_codes(account) == codes
    assert AccountRun.objects.get(id=outcome.run_id).verdict == verdict


def test_findings_and_posts_across_runs(registry_file: Path, nm_server: str) -> None:
    account = _accounts(registry_file, nm_server)["上海发布"]
    first = collect_account(account, beijing(2021, 6, 25, 9, 0), options(nm_server))
    posts = Post.objects.filter(account=account).count()
    assert posts == first.posts == first.posts_new > 0
    again = collect_account(account, beijing(2021, 6, 26, 9, 0), options(nm_server))
    assert again.posts_new == 0 and Post.objects.filter(account=account).count() == posts  # idempotent
    warning = AccountFinding.objects.get(account=account, code="account.stale_warning")
    assert warning.days_seen == ["2021-06-25", "2021-06-26"] and warning.status == "open"
    assert again.findings.new == 0 and again.findings.findings >= 1
    # The veto day: the warning is resolved, the veto is new, with the newest post as evidence.
    veto_day = collect_account(account, beijing(2021, 7, 1, 9, 0), options(nm_server))
    assert veto_day.verdict == "不合格" and veto_day.findings.resolved >= 1
    assert AccountFinding.objects.get(id=warning.id).status == "resolved"
    stale = AccountFinding.objects.get(account=account, code="account.stale")
    assert stale.indicators == ["veto.account_stale"]
    assert stale.evidence["latest"]["published_at"] == "2021-06-16T20:04:54+08:00"
    latest = Post.objects.filter(account=account, pinned=False).latest("published_at")
    assert latest.published_at == beijing(2021, 6, 16, 20, 4, 54) and len(latest.text_hash) == 64

    # The feed now answers 418: 未判定, a collect_failed finding, and the open veto stays as it was.
    Account.objects.filter(id=account.id).update(feed_url=nm_server + "/status/418")
    account.refresh_from_db()
    failed = collect_account(account, beijing(2021, 7, 2, 9, 0), options(nm_server))
    assert not failed.ok and failed.error_kind == "anti_crawler" and failed.verdict == "未判定"
    assert failed.findings.resolved == 0
    assert AccountFinding.objects.get(id=stale.id).status == "open"
    assert AccountFinding.objects.filter(account=account, code="account.collect_failed", status="open").exists()
    run = AccountRun.objects.get(id=failed.run_id)
    assert run.error_kind == "anti_crawler" and "418" in run.error_message and not run.ok
