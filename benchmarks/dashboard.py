"""Dashboard benchmark (issue #4 §9): seed one year of data for 1,000 sites and 700 accounts, then measure
p50/p95 of the fleet overview, a site page and the findings list, as a bureau admin and as a unit user.

    .venv/bin/python benchmarks/dashboard.py                      # SQLite in a temp data folder
    .venv/bin/python benchmarks/dashboard.py --postgres postgres://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/dashboard.py --sites 200 --accounts 140 --requests 10 --json /tmp/d.json

Requests go through Django's test client in this process (the whole Django stack: middleware, session,
auth, views, templates; no network and no WSGI server), DEBUG off, the database on disk (SQLite WAL) or
PostgreSQL. Each scenario is requested ``--warmup`` times, then ``--requests`` times; the table gives
p50/p95/max in milliseconds, the SQL queries one request makes and its response size. Target: every
p95 < 300 ms. Exit status: 0 target met, 1 a p95 over target, 2 setup failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

TARGET_MS = 300.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="监测总览、网站页、问题清单的响应时间基准（p50/p95）")
    p.add_argument("--sites", type=int, default=1000, help="网站数（默认 1000）")
    p.add_argument("--accounts", type=int, default=700, help="新媒体账号数（默认 700）")
    p.add_argument("--days", type=int, default=365, help="历史天数（默认 365）")
    p.add_argument("--requests", type=int, default=30, help="每个场景计时的请求数（默认 30）")
    p.add_argument("--warmup", type=int, default=3, help="每个场景先请求的次数（默认 3）")
    p.add_argument("--postgres", metavar="URL", help="使用 PostgreSQL（在该服务器上新建并最后删除一个数据库）")
    p.add_argument("--data-dir", type=Path, help="数据目录（默认临时目录；已有数据时跳过造数）")
    p.add_argument("--analyze", action="store_true", help="造数后执行 ANALYZE（默认不执行：嵌入式部署通常没有）")
    p.add_argument("--json", type=Path, help="把结果写入 JSON 文件")
    return p.parse_args(argv)


@contextlib.contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A fresh database ``govwatch_dashboard_bench`` on the server of ``url``, dropped on exit."""
    import psycopg

    name = "govwatch_dashboard_bench"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with contextlib.suppress(psycopg.Error), psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["GOVWATCH_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["GOVWATCH_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"  # the test client's host
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govwatch.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def scenarios(unit_name: str) -> list[tuple[str, str, str]]:
    """(persona, label, url) of every measured request."""
    from govwatch.storage.models import Finding, Site

    big = Finding.objects.values_list("site_id", flat=True).order_by("-site_id").first() or 1
    unit_site = Site.objects.filter(unit__name=unit_name).order_by("id").values_list("id", flat=True).first()
    out = []
    for persona, site_id in (("admin", big), ("unit", unit_site)):
        out += [(persona, "总览 /", "/"),
                (persona, "网站页（7 天）", f"/sites/{site_id}/"),
                (persona, "网站页（30 天）", f"/sites/{site_id}/?days=30"),
                (persona, "问题清单", "/findings/"),
                (persona, "问题清单（筛选：未解决+指标）", "/findings/?status=open&indicator=function.links_inner"),
                (persona, "问题清单（htmx 第 3 页）", "/findings/?page=3")]
    return out


def measure(client: Any, url: str, n: int, warmup: int, htmx: bool) -> dict[str, Any]:
    from django.db import connection

    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for _ in range(warmup):
        assert client.get(url, **headers).status_code == 200, url
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, **headers)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, url
    return {"p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1), "mean_ms": round(statistics.fmean(times), 1), "queries": len(queries),
            "bytes": len(response.content), "requests": n}


def run(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> dict[str, Any]:
    setup_django(data_dir, database_url)
    from dashboard_seed import seed
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from govwatch.core.clock import utcnow
    from govwatch.services.access import ensure_user
    from govwatch.storage.models import Site, Unit

    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    counts: dict[str, int] = {}
    seed_seconds = 0.0
    if not Site.objects.exists():
        t0 = time.perf_counter()
        counts = seed(args.sites, args.accounts, args.days, utcnow(), say)
        seed_seconds = time.perf_counter() - t0
        say(f"造数完成：{seed_seconds:.0f} 秒")
    if args.analyze:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    unit = Unit.objects.order_by("id").first()
    assert unit is not None
    ensure_user("bench-admin", "admin", password="bench-pass-2026")
    ensure_user("bench-unit", "unit", unit.name, password="bench-pass-2026")
    clients = {}
    for persona in ("admin", "unit"):
        clients[persona] = Client()
        clients[persona].force_login(get_user_model().objects.get(username=f"bench-{persona}"))
    results = []
    for persona, label, url in scenarios(unit.name):
        row = {"persona": persona, "page": label, "url": url,
               **measure(clients[persona], url, args.requests, args.warmup, "htmx" in label)}
        say(f"{persona:5} {label:24} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  {row['queries']} 次查询")
        results.append(row)
    return {"database": connection.vendor, "client": "django.test.Client (in-process, DEBUG off)",
            "sites": args.sites, "accounts": args.accounts, "days": args.days, "rows": counts,
            "seed_seconds": round(seed_seconds, 1), "analyze": args.analyze, "unit": unit.name,
            "unit_sites": Site.objects.filter(unit=unit).count(), "target_p95_ms": TARGET_MS,
            "load_avg_1min": round(os.getloadavg()[0], 2), "results": results}


def print_table(report: dict[str, Any]) -> None:
    print(f"\n数据库 {report['database']} · {report['sites']} 个网站 · {report['accounts']} 个账号 · "
          f"{report['days']} 天 · {report['client']} · 负载 {report['load_avg_1min']}")
    if report["rows"]:
        print("行数：" + "，".join(f"{k} {v:,}" for k, v in report["rows"].items()))
    print(f"\n{'身份':6}{'页面':30}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'查询':>6}{'KB':>7}")
    for r in report["results"]:
        flag = "" if r["p95_ms"] < TARGET_MS else "  ⚠ 超过目标"
        print(f"{r['persona']:6}{r['page']:30}{r['p50_ms']:9.1f}{r['p95_ms']:9.1f}{r['max_ms']:9.1f}{r['queries']:6}"
              f"{r['bytes'] / 1024:7.0f}{flag}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with contextlib.ExitStack() as stack:
        data_dir = args.data_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gw-dash-")))
        url = stack.enter_context(postgres_database(args.postgres)) if args.postgres else None
        try:
            report = run(args, data_dir, url)
        except Exception as exc:  # noqa: BLE001 - a setup failure is reported, not a traceback
            print(f"基准运行失败：{exc!r}", file=sys.stderr)
            raise
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r["p95_ms"] < TARGET_MS for r in report["results"]) else 1


if __name__ == "__main__":
    sys.exit(main())
