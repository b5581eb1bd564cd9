"""Seed one year of dashboard data (issue #4 §9) into the configured database, fast.

Shape (defaults: 1,000 sites, 700 accounts, 365 days, all relative to the current time):
- ~3 sites per unit; levels 市/县/乡镇 ≈ 1:3:6, every fifth site a portal; 8 columns a site.
- Homepage probes: 20 a day; the last 90 days as raw ``Probe`` rows (1.8 M for 1,000 sites), older days
  compacted into one ``ProbeDay`` row each (as ``govwatch`` keeps them). ~0.5 % of probes fail, confirmed.
- ``ScanRun``: a weekly full scan and a daily incremental scan per site (≈ 365 k rows), with stats.
- ``Finding``: 5 per site on average (≈ 5,000), a third resolved, with evidence JSON.
- ``Score``: one per site and quarter of the year, with a full ``detail`` (every indicator of the bundled
  rulebook, ≈ 10 KB) and ranks within level and kind.
- Accounts: ~0.7 posts a day each (≈ 180 k ``Post`` rows), a weekly ``AccountRun``, ~2 findings each.
Bulk rows go in with ``executemany`` (raw SQL through Django's connection) in chunks.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction

from govwatch.core.clock import CHINA_TZ
from govwatch.rules.rulebook import default_rulebook
from govwatch.scoring.period import period_containing
from govwatch.storage.models import (
    Account,
    AccountFinding,
    AccountRun,
    Column,
    Finding,
    Post,
    Probe,
    ProbeDay,
    ScanRun,
    Score,
    Site,
    Unit,
)

CODES = ("column.stale", "column.blank", "links.dead_home", "links.dead_inner", "identity.icp_missing",
         "identity.contact_missing", "content.outdated_name", "privacy.pii", "interaction.slow_reply",
         "service.guide_incomplete", "links.dead_inner", "links.dead_inner", "homepage.stale", "column.veto_stale")
LEVELS = ("市", "县", "县", "县", "乡镇", "乡镇", "乡镇", "乡镇", "乡镇", "乡镇")
PLATFORMS = ("wechat", "weibo", "douyin", "app")
COLUMN_TYPES = ("news", "notice", "policy", "interpretation", "personnel", "plan", "statistics", "service")
CHUNK = 5000


def insert(model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT rows of ``model`` (values in ``fields`` order, datetimes aware, JSON already dumped) with
    executemany in chunks; returns the number of rows."""
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(model._meta.get_field(f).column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    n, batch = 0, []
    with connection.cursor() as cur:
        for row in rows:
            batch.append([ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v for v in row])
            if len(batch) >= CHUNK:
                cur.executemany(sql, batch)
                n, batch = n + len(batch), []
        if batch:
            cur.executemany(sql, batch)
            n += len(batch)
    return n


def seed(sites: int, accounts: int, days: int, now: datetime, say: Any) -> dict[str, int]:
    """Write the whole data set; returns row counts per table. ``say`` gets progress lines."""
    rng = random.Random(7)
    counts: dict[str, int] = {}
    with transaction.atomic():
        units = _units(max(1, sites // 3))
        site_rows = _sites(sites, units)
        counts.update(units=len(units), sites=len(site_rows))
        counts["columns"] = len(Column.objects.bulk_create(
            [Column(site=s, name=f"栏目{k}", url=f"{s.home_url}col{k}/", type=COLUMN_TYPES[k],
                    last_item_date=(now - timedelta(days=rng.randint(0, 200))).date()) for s in site_rows
             for k in range(8)], batch_size=CHUNK))
    say(f"登记数据：{counts}")
    with transaction.atomic():
        counts["probes"] = insert(Probe, ("site", "url", "target_kind", "at", "ok", "seconds", "status", "error",
                                          "confirmed", "excused", "recheck", "note"), _probes(site_rows, now, rng))
        counts["probe_days"] = insert(ProbeDay, ("site", "url", "day", "total", "failures", "excused",
                                                 "mean_seconds"), _probe_days(site_rows, now, days, rng))
    say(f"探测：{counts['probes']} 条原始记录，{counts['probe_days']} 条日汇总")
    with transaction.atomic():
        counts["runs"] = insert(ScanRun, ("site", "kind", "status", "rulebook_id", "rulebook_version", "claimed_by",
                                          "created_at", "started_at", "finished_at", "complete", "verdict", "total",
                                          "stats", "report_dir", "error"), _runs(site_rows, now, days, rng))
        counts["findings"] = len(Finding.objects.bulk_create(_findings(site_rows, now, days, rng), batch_size=2000))
        counts["scores"] = _scores(site_rows, now, days, rng)
    say(f"扫描：{counts['runs']} 次，问题 {counts['findings']} 条，评分 {counts['scores']} 条")
    with transaction.atomic():
        account_rows = Account.objects.bulk_create(
            [Account(platform=PLATFORMS[i % 4], name=f"基准账号{i:04d}", platform_id=f"bench-{i}",
                     unit=units[i % len(units)], level=units[i % len(units)].level) for i in range(accounts)])
        counts["accounts"] = len(account_rows)
        counts["posts"] = insert(Post, ("account", "post_id", "published_at", "title", "text_hash", "url", "pinned",
                                        "first_seen", "last_seen"), _posts(account_rows, now, days, rng))
        counts["account_runs"] = insert(AccountRun, ("account", "status", "started_at", "finished_at", "ok", "source",
                                                     "error_kind", "error_message", "posts_found", "posts_new",
                                                     "verdict", "findings"), _account_runs(account_rows, now, days))
        counts["account_findings"] = len(AccountFinding.objects.bulk_create(
            _account_findings(account_rows, now, days, rng), batch_size=2000))
    say(f"新媒体：{counts['accounts']} 个账号，{counts['posts']} 条信息")
    return counts


def _units(n: int) -> list[Unit]:
    return Unit.objects.bulk_create([Unit(name=f"基准单位{i:04d}", level=LEVELS[i % 10]) for i in range(n)])


def _sites(n: int, units: list[Unit]) -> list[Site]:
    return Site.objects.bulk_create([
        Site(name=f"基准网站{i:04d}", home_url=f"http://site{i:04d}.bench.gov.cn/", unit=units[i % len(units)],
             level=units[i % len(units)].level, kind="portal" if i % 5 == 0 else "department",
             site_id_code=f"{1000000000 + i}") for i in range(n)], batch_size=CHUNK)


def _probes(sites: list[Site], now: datetime, rng: random.Random) -> Iterable[tuple[Any, ...]]:
    start = now - timedelta(days=90)
    step = timedelta(days=1) / 20
    for s in sites:
        at = start + timedelta(seconds=rng.randint(0, 4000))
        while at < now:
            ok = rng.random() > 0.005
            yield (s.id, s.home_url, "home", at, ok, round(rng.uniform(0.05, 1.5), 3), 200 if ok else 503,
                   "" if ok else "http", not ok, False, False, "")
            at += step


def _probe_days(sites: list[Site], now: datetime, days: int, rng: random.Random) -> Iterable[tuple[Any, ...]]:
    today = now.astimezone(CHINA_TZ).date()
    for s in sites:
        for d in range(91, days):
            yield (s.id, s.home_url, today - timedelta(days=d), 20, int(rng.random() < 0.05), 0,
                   round(rng.uniform(0.1, 1.0), 3))


def _runs(sites: list[Site], now: datetime, days: int, rng: random.Random) -> Iterable[tuple[Any, ...]]:
    for s in sites:
        for d in range(days, 0, -1):
            full = d % 7 == s.id % 7
            at = now - timedelta(days=d, seconds=rng.randint(0, 3600))
            pages = rng.randint(300, 3000) if full else rng.randint(5, 80)
            stats = json.dumps({"pages": pages, "findings": rng.randint(0, 12), "seconds": round(pages / 40, 1),
                                "new": rng.randint(0, 2), "resolved": rng.randint(0, 2)})
            yield (s.id, "full" if full else "incremental", "done", "national-2019", "2019.1", "bench", at, at,
                   at + timedelta(seconds=pages / 40), full, "合格", round(rng.uniform(60, 98), 1), stats, "", "")


def _findings(sites: list[Site], now: datetime, days: int, rng: random.Random) -> list[Finding]:
    book = default_rulebook()
    out = []
    for s in sites:
        for k in range(rng.randint(2, 8)):
            code = rng.choice(CODES)
            first = now - timedelta(days=rng.randint(1, days), hours=rng.randint(0, 23))
            resolved = rng.random() < 0.33
            last = min(now, first + timedelta(days=rng.randint(0, 60)))
            url = f"{s.home_url}art/{k}/{rng.randint(1000, 9999)}.html"
            out.append(Finding(
                site=s, fingerprint=f"{code}-{k}", code=code, indicators=[i.id for i in book.for_code(code)], url=url,
                message=f"{s.name}：{code} 问题 {k}", evidence={"url": url, "page": s.home_url, "status": 404,
                                                              "text": "示例链接文字", "today": now.date().isoformat()},
                status="resolved" if resolved else "open", first_seen=first, last_seen=last,
                resolved_at=last if resolved else None, days_seen=[first.date().isoformat()]))
    return out


def _scores(sites: list[Site], now: datetime, days: int, rng: random.Random) -> int:
    book = default_rulebook()
    template = [{"id": i.id, "title": i.title, "kind": str(i.kind), "group": i.group, "passed": True,
                 "points_lost": 0.0, "points_gained": 0.0, "max_points": i.max_points, "confirmed": True,
                 "evaluated": True, "findings": [], "more_ids": []} for i in book.indicators]
    periods = sorted({period_containing(now - timedelta(days=d)).label for d in range(0, days, 30)})
    rows = []
    for period in periods:
        for s in sites:
            vetoed = rng.random() < 0.04
            total = round(rng.uniform(45, 98), 1)
            detail = {"period": {"label": period}, "vetoes": ["首页不更新"] if vetoed else [],
                      "availability": {"verdict": "ok", "ratio": 0.001}, "indicators": template, "reasons": []}
            rows.append(Score(site=s, period=period, rulebook_id=book.id, rulebook_version=book.version,
                              verdict="不合格" if vetoed or total < 60 else "合格", vetoed=vetoed, total=total,
                              deduction_score=total, detail=detail))
    groups: dict[tuple[str, str, str], list[Score]] = {}
    for row, s in zip(rows, sites * len(periods), strict=True):
        groups.setdefault((row.period, s.level, s.kind), []).append(row)
    for members in groups.values():
        for rank, row in enumerate(sorted(members, key=lambda r: (r.vetoed, -(r.total or 0))), start=1):
            row.rank = rank
    return len(Score.objects.bulk_create(rows, batch_size=500))


def _posts(accounts: list[Account], now: datetime, days: int, rng: random.Random) -> Iterable[tuple[Any, ...]]:
    for a in accounts:
        at = now - timedelta(days=days)
        n = 0
        while at < now:
            n += 1
            yield (a.id, f"{a.platform_id}-{n}", at, f"{a.name}发布信息{n}", f"{n:064x}",
                   f"https://mp.example/{a.platform_id}/{n}", False, at, at)
            at += timedelta(hours=rng.uniform(4, 64))


def _account_runs(accounts: list[Account], now: datetime, days: int) -> Iterable[tuple[Any, ...]]:
    for a in accounts:
        for w in range(days // 7, 0, -1):
            at = now - timedelta(days=7 * w)
            yield (a.id, "done", at, at + timedelta(seconds=20), True, "feed", "", "", 20, 2, "合格", 0)


def _account_findings(accounts: list[Account], now: datetime, days: int, rng: random.Random) -> list[AccountFinding]:
    codes = ("account.stale", "account.low_frequency", "account.dead_link", "account.typo")
    out = []
    for a in accounts:
        for k in range(rng.randint(0, 4)):
            first = now - timedelta(days=rng.randint(1, days))
            out.append(AccountFinding(account=a, fingerprint=f"af-{k}", code=codes[k], message=f"{a.name}：问题 {k}",
                                      evidence={"latest": first.date().isoformat()},
                                      status="open" if rng.random() < 0.6 else "resolved",
                                      first_seen=first, last_seen=now))
    return out
