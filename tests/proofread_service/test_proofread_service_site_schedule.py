"""整站校对: a registered site re-crawled and proofread into a job; the yearly schedule claimed by
compare-and-set (one winner, due again after the lease, a year later after a run); the engine plugged
into the new-media checks."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from proofkit import BAD, CLEAN, HOST

from govwatch.checks import account_proofread
from govwatch.checks.newmedia import NewMediaContext, run_newmedia_checks
from govwatch.core.newmedia import AccountSpec, CollectResult, Platform, Post
from govwatch.crawl import CrawlOptions
from govwatch.proofread.kb import default_kb
from govwatch.rules.rulebook import default_rulebook
from govwatch.sample.server import ServerThread
from govwatch.services.proofreading import newmedia
from govwatch.services.proofreading.schedule import LEASE_SECONDS, claim_due_proofreads, proofread_due
from govwatch.services.proofreading.site import proofread_site
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import ProofreadJob, ProofreadSchedule, Site, Unit

T0 = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


def _site(port: int) -> Site:
    unit = Unit.objects.create(name="校对测试市人民政府办公室")
    return Site.objects.create(name="校对测试市人民政府", home_url=f"http://{HOST}:{port}/", unit=unit)


def _options(port: int) -> CrawlOptions:
    return CrawlOptions(resolve={(HOST, port): "127.0.0.1"}, max_pages=20)


@pytest.mark.django_db
def test_whole_site_proofreading(gov_server: ServerThread) -> None:
    site = _site(gov_server.port)
    job = proofread_site(site, T0, options=_options(gov_server.port), typo=None)  # kb: the one in use
    assert job.kind == ProofreadJob.Kind.SITE and job.status == ProofreadJob.Status.DONE and job.site_id == site.id
    assert job.result["pages_checked"] == 3 and job.result["last_scan"] is None
    (page,) = job.result["pages"]  # only the article with problems is listed
    assert page["url"].endswith("/art/1.html") and page["title"] == "关于做好有关工作的通知"
    pick = {(i["type"], i["original"], i["suggestion"]) for i in page["issues"]}
    assert ("content.serious_error", "国务院总理", "全国人大常委会委员长") in pick
    assert ("content.outdated_name", "国家工商行政管理总局", "国家市场监督管理总局") in pick
    assert ("privacy.pii", "1101**********002X", "1101**********002X") in pick
    assert job.counts == {"content.serious_error": 1, "content.outdated_name": 1, "privacy.pii": 1}


@pytest.mark.django_db
def test_unreachable_site_is_a_job_with_a_note() -> None:
    with ServerThread() as srv:
        port = srv.port
    job = proofread_site(_site(port), T0, kb=default_kb(), options=_options(port), typo=None)
    assert job.status == ProofreadJob.Status.DONE and job.result["pages_checked"] == 0
    assert any("未能获取到可校对的网页正文" in n for n in job.result["notes"])


@pytest.mark.django_db
def test_yearly_schedule_claim_and_run(gov_server: ServerThread) -> None:
    site = _site(gov_server.port)
    assert q.ensure_schedules(T0) == 1 and q.ensure_schedules(T0) == 0
    schedule = ProofreadSchedule.objects.get(site=site)
    assert schedule.interval_days == 365 and schedule.next_run_at == T0 + timedelta(days=site.id % 30)
    ProofreadSchedule.objects.filter(id=schedule.id).update(next_run_at=T0)
    (due,) = q.due_proofreads(T0, 10)
    assert q.claim_proofread(due, T0, LEASE_SECONDS) is True
    assert q.claim_proofread(due, T0, LEASE_SECONDS) is False  # compare-and-set: the value read is gone
    assert claim_due_proofreads(T0 + timedelta(hours=1)) == []  # leased
    later = T0 + timedelta(seconds=LEASE_SECONDS + 1)
    (jobs,) = [proofread_due(later, options=_options(gov_server.port), typo=None)]  # lease over: due again
    assert len(jobs) == 1 and jobs[0].site_id == site.id and jobs[0].issues_total == 3
    schedule.refresh_from_db()
    assert schedule.last_run_at == later and schedule.next_run_at == later + timedelta(days=365)
    assert proofread_due(later + timedelta(days=364), options=_options(gov_server.port), typo=None) == []


@pytest.mark.django_db(transaction=True)
def test_racing_claims_have_one_winner() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("pytest-django's in-memory SQLite (shared cache) answers 'table is locked' instead of waiting; "
                    "the race is run on PostgreSQL")
    site = Site.objects.create(name="并发", home_url="http://www.race.gov.cn/",
                               unit=Unit.objects.create(name="并发测试单位"))
    ProofreadSchedule.objects.create(site=site, next_run_at=T0)
    (due,) = q.due_proofreads(T0, 10)
    wins: list[bool] = []
    barrier = threading.Barrier(4)

    def claim() -> None:
        from django.db import connection

        barrier.wait()
        try:
            wins.append(q.claim_proofread(due, T0, LEASE_SECONDS))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(wins) == [False, False, False, True]


def test_posts_are_proofread_through_the_new_media_seam() -> None:
    now = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    account = AccountSpec(Platform.WEIBO, "校对测试发布", platform_id="42")
    posts = (Post("42", "1", now, title="会议通知", text=BAD, url="https://weibo.com/42/1"),
             Post("42", "2", now, title="工作动态", text=CLEAN, url="https://weibo.com/42/2"))
    ctx = NewMediaContext(account=account, collect=CollectResult(account=account, posts=posts, fetched_at=now),
                          now=now)
    newmedia.install()
    try:
        found = [f for f in run_newmedia_checks(ctx, default_rulebook()) if f.code.startswith("account.serious")]
    finally:
        account_proofread.register_proofreader(None)
    (finding,) = found
    assert finding.target == "weibo:42" and finding.url == "https://weibo.com/42/1"
    assert "「国务院总理」应为「全国人大常委会委员长」" in finding.message
    proofreader = newmedia.make_post_proofreader(kb=default_kb, typo=None)
    assert proofreader(account, posts[1:]) == []
