"""``govwatch rectify list|overdue|recheck`` through the real CLI entry point, database and sample site."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rectifykit import SampleCopy, register, scan_into_db

from govwatch.cli.main import main
from govwatch.services.access import actor_of, ensure_user
from govwatch.services.rectification import notices
from govwatch.storage.rectify.models import HistoryEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[SampleCopy]:
    with SampleCopy(tmp_path / "site") as copy:
        yield copy


def test_list_overdue_and_recheck(sample: SampleCopy, capsys: pytest.CaptureFixture[str]) -> None:
    site = register(f"{sample.url}/")
    dead = next(f for f in scan_into_db(site) if f.code == "links.dead_home")
    ensure_user("op", "operator", password="x")
    from django.contrib.auth import get_user_model

    op = actor_of(get_user_model().objects.get(username="op"))
    [rect] = notices.create(op, [dead.pk], now=datetime(2026, 9, 25, 2, 0, tzinfo=UTC))
    assert main(["rectify", "list"]) == 0
    out = capsys.readouterr().out
    assert "整改〔2026〕第1号" in out and "待整改" in out and "0/1" in out
    assert main(["rectify", "overdue"]) == 1  # deadline 2026-10-09 has passed today
    assert "逾期未办结" in capsys.readouterr().out
    sample.fix_dead_home_link()
    assert main(["rectify", "recheck", str(rect.pk)]) == 0
    out = capsys.readouterr().out
    assert "已整改 1 项" in out and "已办结" in out and "问题已消除" in out
    assert HistoryEvent.objects.filter(rectification=rect, by_name="命令行").exists()
    assert main(["rectify", "recheck", str(rect.pk)]) == 2
    assert "已办结" in capsys.readouterr().err
    assert main(["rectify", "recheck", "9999"]) == 2
    assert main(["rectify", "overdue"]) == 0
