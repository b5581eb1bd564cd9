"""Two machines running the desk job at the same moment escalate a broken clock once (compare-and-set on
``broken_at``). Real concurrent connections need a server database: skipped on SQLite."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections

from govwatch.services.desk import tickets
from govwatch.services.desk.sla import ClockRun, watch_clocks
from govwatch.storage.desk.models import Ticket, TicketEvent

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_concurrent_watchers_escalate_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database (DATABASE_URL=postgres://…) for concurrent connections")
    for i in range(20):
        tickets.open_ticket("fault", f"故障 {i}", "", now=T0)
    results: list[ClockRun] = []
    barrier = threading.Barrier(4)

    def machine() -> None:
        try:
            barrier.wait()
            results.append(watch_clocks(T0 + timedelta(hours=3)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=machine) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.escalated for r in results) == 40  # 20 tickets × (respond, resolve)
    assert TicketEvent.objects.filter(kind="escalate").count() == 40
    assert Ticket.objects.filter(escalated=True).count() == 20
