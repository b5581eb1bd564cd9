"""The deadline job on several machines at once: two threads (own database connections) run
``due_rechecks`` together and the notice is rechecked exactly once (compare-and-set on auto_recheck_at).
Needs a server database; on SQLite (in-memory, shared cache) it is skipped with the reason."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from rectifykit import SampleCopy, register, scan_into_db

from govwatch.services.access import actor_of, ensure_user
from govwatch.services.rectification import notices
from govwatch.services.rectification.recheck import due_rechecks
from govwatch.storage.models import ScanRun
from govwatch.storage.rectify.models import HistoryEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[SampleCopy]:
    with SampleCopy(tmp_path / "site") as copy:
        yield copy


def test_two_machines_recheck_a_due_notice_once(sample: SampleCopy) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL（DATABASE_URL=postgres://…）才能用多个连接并发；SQLite 内存库会报表锁定")
    site = register(f"{sample.url}/")
    dead = next(f for f in scan_into_db(site) if f.code == "links.dead_home")
    ensure_user("op", "operator", password="x")
    op = actor_of(get_user_model().objects.get(username="op"))
    [rect] = notices.create(op, [dead.pk], now=datetime(2026, 9, 25, 2, 0, tzinfo=UTC))
    after = datetime(2026, 10, 10, 1, 0, tzinfo=UTC)
    lines: list[str] = []
    gate = threading.Barrier(2)

    def machine() -> None:
        try:
            gate.wait()
            lines.append(due_rechecks(after))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=machine) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(bool(line) for line in lines) == [False, True]
    assert ScanRun.objects.filter(kind="recheck").count() == 1
    assert HistoryEvent.objects.filter(rectification=rect, action="recheck_start").count() == 1
