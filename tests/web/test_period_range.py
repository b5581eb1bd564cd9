"""Periods before 2015 or after the current period are refused, with the allowed range named, by
``resolve_period`` (services), ``govwatch scores compute`` and the 生成通报 form; nothing is scored or queued."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bulletinworld import client_for, use_data_dir
from personakit import make_personas

from govwatch.cli.main import main
from govwatch.core.errors import UsageError
from govwatch.services.scores import resolve_period
from govwatch.storage.bulletins.models import Bulletin
from govwatch.storage.models import Score

NOW = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize("label", ["1900Q1", "2014Q4", "2014-12", "2014", "2027Q1", "2026-12", "2027"])
def test_periods_outside_2015_to_now_are_refused_naming_the_range(label: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_period(label, NOW)
    assert "2015Q1" in str(caught.value) and "2026Q4" in str(caught.value)


@pytest.mark.parametrize("label", ["2015Q1", "2015", "2020-02", "2026Q4", "2026-11", "2026"])
def test_periods_inside_the_range_are_accepted(label: str) -> None:
    chosen, as_of = resolve_period(label, NOW)
    assert chosen.label == label and as_of <= NOW


@pytest.mark.django_db
def test_cli_scores_compute_refuses_1900(capsys: pytest.CaptureFixture[str]) -> None:
    make_personas()
    assert main(["scores", "compute", "--period", "1900Q1", "--now", "2026-11-29"]) == 2
    err = capsys.readouterr().err
    assert "早于 2015 年" in err and "2015Q1" in err
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_bulletin_form_refuses_1900(tmp_path: Path, settings: object) -> None:
    use_data_dir(settings, tmp_path / "data")
    p = make_personas()
    page = client_for(p, "admin").post("/bulletins/new/", {"period": "1900Q1", "scope": "city"}).content.decode()
    assert "早于 2015 年" in page and "2015Q1" in page
    assert not Bulletin.objects.exists()
