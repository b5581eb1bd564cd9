"""Pages kit: the six personas of ``personakit`` plus, for each unit's site and account, what the dashboard
shows — Score rows of this quarter and the last, homepage probes over the last days (one confirmed failure),
a full ScanRun with a report file on disk, a column, an extra finding with URL evidence, an account run,
an account finding and posts. Import ``make_page_world`` in a ``django_db`` test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from personakit import Personas, make_personas

from govwatch.core.clock import utcnow
from govwatch.scoring.period import period_containing
from govwatch.storage.models import (
    AccountFinding,
    AccountRun,
    Column,
    Finding,
    Post,
    Probe,
    ScanRun,
    Score,
)

PERSONAS = ("admin", "operator", "unit_a", "unit_b", "proofreader", "outsider", "anonymous")


@dataclass(frozen=True)
class PageWorld:
    """Personas plus per unit (index 0 = A, 1 = B): the scan run, the extra finding, the account finding."""

    p: Personas
    runs: tuple[ScanRun, ScanRun]
    extra: tuple[Finding, Finding]
    account_findings: tuple[AccountFinding, AccountFinding]
    now: datetime


def _score(site_id: int, period: str, verdict: str, total: float, vetoed: bool, finding_id: int) -> Score:
    detail = {"vetoes": ["首页不更新"] if vetoed else [], "availability": {"verdict": "ok", "ratio": 0.0},
              "indicators": [
                  {"id": "veto.homepage_stale", "title": "首页不更新", "kind": "veto", "passed": not vetoed,
                   "points_lost": 0, "points_gained": 0, "max_points": 0, "evaluated": True,
                   "findings": [{"id": finding_id, "code": "homepage.stale", "url": "", "count": 1, "points": 0}]
                   if vetoed else [], "more_ids": []},
                  {"id": "publish.column_stale", "title": "栏目更新（应更新栏目未按期更新）", "kind": "deduct",
                   "passed": False, "points_lost": 5.0, "points_gained": 0, "max_points": 20, "evaluated": True,
                   "findings": [{"id": finding_id, "code": "column.stale", "url": "", "count": 1, "points": 5.0}],
                   "more_ids": []}]}
    return Score.objects.create(site_id=site_id, period=period, rulebook_id="national-2019", rulebook_version="1",
                                verdict=verdict, vetoed=vetoed, total=total, rank=1, detail=detail)


def _unit_world(p: Personas, i: int, tag: str, now: datetime, reports: Path) -> tuple[ScanRun, Finding,
                                                                                       AccountFinding]:
    unit, site, account, finding = p.units[i], p.sites[i], p.accounts[i], p.findings[i]
    host = site.home_url.split("/")[2]
    this, last = period_containing(now).label, period_containing(now - timedelta(days=100)).label
    _score(site.id, this, "不合格" if i else "合格", 55.0 if i else 95.0, bool(i), finding.id)
    _score(site.id, last, "合格", 90.0, False, finding.id)
    for h in range(1, 49):
        failed = h == 5
        Probe.objects.create(site=site, url=site.home_url, target_kind="home", at=now - timedelta(hours=h),
                             ok=not failed, confirmed=failed, seconds=0.4 + i, status=503 if failed else 200)
    folder = reports / tag
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(f"<h1>{site.name}监测报告</h1>", encoding="utf-8")
    run = ScanRun.objects.create(site=site, kind="full", status="done", started_at=now - timedelta(hours=3),
                                 finished_at=now - timedelta(hours=2), complete=True, verdict="合格", total=95.0,
                                 stats={"pages": 120 + i, "findings": 2}, report_dir=str(folder))
    Column.objects.create(site=site, name=f"{unit.name}通知公告", url=f"http://{host}/tzgg/", type="notice",
                          last_item_date=(now - timedelta(days=200)).date())
    extra = Finding.objects.create(site=site, fingerprint=f"dead-{tag}", code="links.dead_home",
                                   url=f"http://{host}/dead-{tag}.html", message=f"{unit.name}首页链接不可用",
                                   evidence={"status": 404, "page": f"http://{host}/", "text": f"失效链接{tag}"},
                                   first_seen=now - timedelta(days=3), last_seen=now - timedelta(days=1))
    run_a = AccountRun.objects.create(account=account, status="done", started_at=now - timedelta(hours=5), ok=True,
                                      posts_found=3, verdict="合格")
    af = AccountFinding.objects.create(account=account, fingerprint=f"af-{tag}", code="account.stale",
                                       message=f"{account.name}：超过2周未更新", first_seen=now, last_seen=now,
                                       last_run=run_a, evidence={"latest": "2026-10-01"})
    for d in range(3):
        Post.objects.create(account=account, post_id=f"{tag}-{d}", published_at=now - timedelta(days=d * 10),
                            title=f"{unit.name}动态{d}", first_seen=now, last_seen=now)
    return run, extra, af


def make_page_world(reports: Path) -> PageWorld:
    """Personas plus the dashboard rows of both units (report files under ``reports``)."""
    cache.clear()  # the overview caches finished days' availability per scope
    p = make_personas()
    now = utcnow()
    a = _unit_world(p, 0, "a", now, reports)
    b = _unit_world(p, 1, "b", now, reports)
    return PageWorld(p, (a[0], b[0]), (a[1], b[1]), (a[2], b[2]), now)


def client_for(p: Personas, persona: str) -> Client:
    """A test client logged in as ``persona`` (one of PERSONAS; 'anonymous' stays logged out)."""
    client = Client()
    if persona != "anonymous":
        # force_login: the login view itself (and its throttling) is tested through a real POST elsewhere
        client.force_login(get_user_model().objects.get(username=getattr(p, persona)))
    return client


def markers_of(w: PageWorld, i: int) -> list[str]:
    """Strings that identify unit ``i``'s rows in a page: names, hosts and object URLs."""
    p = w.p
    unit, site, account = p.units[i], p.sites[i], p.accounts[i]
    return [unit.name, site.name, site.home_url.split("/")[2], account.name, f"/sites/{site.id}/",
            f"/units/{unit.id}/", f"/accounts/{account.id}/", f"finding-{p.findings[i].id}\"",
            f"finding-{w.extra[i].id}\"", f"/runs/{w.runs[i].id}/", f"name=\"finding\" value=\"{p.findings[i].id}\""]
