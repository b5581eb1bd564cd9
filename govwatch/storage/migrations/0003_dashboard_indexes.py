"""Indexes for the dashboard (issue #4 §9, benchmarks/dashboard.py), created with plain SQL so that the
models' state (and makemigrations) is unchanged: they serve read paths only.

- ``gw_probe_home_day``: the overview's homepage availability per day reads (target_kind, at-range) and
  the flags it counts without touching the 1.8 M-row table (covering; SQLite and PostgreSQL alike).
- ``gw_probe_failed``: confirmed failures are rare; sites with failures come from this small range.
- ``gw_score_period``: verdict counts, trend and ranking of a period without reading the ~10 KB
  ``detail`` JSON of every row.
- ``gw_scanrun_site_created``: a site's latest runs without sorting its whole history.
- ``gw_finding_last_seen``: the findings list's order (newest first) without a sort.
"""

from django.db import migrations

INDEXES = {
    "gw_probe_home_day": "storage_probe (target_kind, at, recheck, excused, ok, confirmed, seconds)",
    "gw_probe_failed": "storage_probe (ok, target_kind, at, site_id, confirmed, excused, recheck)",
    "gw_score_period": "storage_score (period, verdict, vetoed, total, site_id)",
    "gw_scanrun_site_created": "storage_scanrun (site_id, created_at)",
    "gw_finding_last_seen": "storage_finding (last_seen, id)",
}


class Migration(migrations.Migration):

    dependencies = [
        ("storage", "0002_access"),
    ]

    operations = [
        migrations.RunSQL(sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
                          reverse_sql=f"DROP INDEX IF EXISTS {name}")
        for name, target in INDEXES.items()
    ]
