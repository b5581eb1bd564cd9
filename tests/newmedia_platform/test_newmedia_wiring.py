"""Wiring: the Celery beat entry, route and task of the patrols, and the loop ``govwatch serve`` runs."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from nmplatkit import ACCOUNT_ROWS, write_accounts_xlsx

from govwatch.core.clock import utcnow
from govwatch.services.embedded import Embedded, EmbeddedOptions
from govwatch.services.registry_io import import_registry
from govwatch.storage.models import AccountRun, Patrol


def _wechat_registry(tmp_path: Path) -> None:
    # WeChat accounts without a feed: collected instantly as 'unsupported' (no network needed).
    rows = [r for r in ACCOUNT_ROWS if r[0].startswith("微信")]
    assert import_registry(write_accounts_xlsx(tmp_path / "r.xlsx", rows), now=utcnow() - timedelta(minutes=1)).ok


@pytest.mark.django_db
def test_celery_beat_task_and_route(tmp_path: Path) -> None:
    from govwatch.tasks.app import CRAWL_QUEUE, app
    from govwatch.tasks.newmedia import patrol_due

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "govwatch.patrol_due")
    assert entry["schedule"] == 60.0
    assert app.conf.task_routes["govwatch.patrol_due"] == {"queue": CRAWL_QUEUE}
    _wechat_registry(tmp_path)
    assert patrol_due.delay().get() == 2  # eager without a broker: claims and collects both accounts
    assert patrol_due.delay().get() == 0
    assert AccountRun.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_serve_patrol_loop_collects_due_accounts(tmp_path: Path) -> None:
    _wechat_registry(tmp_path)
    lines: list[str] = []
    embedded = Embedded(EmbeddedOptions(workers=0, probes=False), lines.append)

    def loop() -> None:
        try:
            embedded._patrol_loop()
        finally:
            connection.close()  # the thread's own connection (PostgreSQL must drop the test database)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not lines and time.monotonic() < deadline:
        time.sleep(0.05)
    embedded.stop_event.set()
    thread.join(10)
    assert lines == ["新媒体巡检：采集 2 个账号，采集失败 2 个"]
    assert all(p.next_run_at > utcnow() for p in Patrol.objects.all())
