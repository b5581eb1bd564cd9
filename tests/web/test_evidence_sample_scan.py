"""A real scan of the bundled sample site, recorded in the database, shows its evidence with Chinese labels
only — on the site page and in the stored site's 监测报告 xlsx — (one label table: govwatch.reports.labels)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from govwatch.core.clock import utcnow
from govwatch.reports.site_record_render import render_record_xlsx
from govwatch.sample.server import ServerThread
from govwatch.services import scheduler
from govwatch.services.access import ensure_user
from govwatch.services.bulletins.site_report import build_site_record
from govwatch.services.registry_io import ensure_site_monitoring
from govwatch.storage.models import Finding, Site, Unit

pytestmark = pytest.mark.django_db
CODED = {"discovered", "declared", "suspected", "confirmed", "dead", "blocked", "notice", "news", "page", "list",
         "department", "portal"}


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield str(key)
            yield from _keys(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _keys(inner)


def test_sample_scan_evidence_has_no_raw_keys_on_the_site_page_and_in_the_xlsx(
        sample_server: ServerThread, tmp_path: Path, settings: Any) -> None:
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=tmp_path)
    now = utcnow() + timedelta(days=400)  # every column of the sample site is stale by then
    unit = Unit.objects.create(name="示例县人民政府办公室", level="县")
    site = Site.objects.create(name="示例县人民政府", home_url=f"{sample_server.url}/", unit=unit, level="县")
    ensure_site_monitoring(site, now)
    results = scheduler.run_due(now=now, worker_id="test", limit=1)
    assert results and results[0].status == "done", results
    findings = list(Finding.objects.filter(site=site))
    codes = {f.code for f in findings}
    assert "column.stale" in codes, codes
    raw = {k for f in findings for k in _keys(f.evidence)}
    assert {"type_name", "latest_date", "window_days", "days_since", "dated_items"} <= raw

    client = Client()
    ensure_user("ev-admin", "admin", password="pw-Evidence-2026")
    client.force_login(get_user_model().objects.get(username="ev-admin"))
    html = client.get(f"/sites/{site.id}/").content.decode()
    assert "栏目类型" in html and "更新时限（天）" in html
    assert [k for k in raw if f">{k}：" in html or f"{k}：" in html] == []
    assert [v for v in CODED if f'<span class="v">{v}</span>' in html] == []

    record = build_site_record(site.id, now=now + timedelta(minutes=1))
    sheet = render_record_xlsx(record)["问题清单"]
    cells = [str(row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    text = "\n".join(cells)
    assert cells and "栏目类型" in text
    assert [k for k in raw if f"{k}：" in text] == []
    values = {part.split("：", 1)[1] for line in text.splitlines() if "：" in line for part in line.split("；")
              if "：" in part}
    assert not values & CODED
