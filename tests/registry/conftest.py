"""Fixtures of the registry tests: the realistic workbook and a maker of small ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from registry_data import ACCOUNTS, SITES, write_workbook


@pytest.fixture
def registry_xlsx(tmp_path: Path) -> Path:
    """The realistic workbook: 14 sites and 5 accounts."""
    return write_workbook(tmp_path / "名录.xlsx", SITES, ACCOUNTS)


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """``make_xlsx(name, sites=…, accounts=…)`` → a workbook in the test's folder."""
    def make(name: str = "file.xlsx", **kwargs: object) -> Path:
        return write_workbook(tmp_path / name, **kwargs)  # type: ignore[arg-type]
    return make
