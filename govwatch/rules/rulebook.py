"""Rulebook (指标体系) loader: YAML → validated pydantic models.

A rulebook lists indicators (检查指标). Each names the ``check`` that produces its findings, the finding
``codes`` it counts, its ``params`` (thresholds: days, counts, ratios, seconds), and for deductions the
``points`` per occurrence and the ``cap`` (扣完为止: total deductions under one indicator never exceed
it). ``source`` cites the clause; ``confirmed: false`` marks values ../shared/indicators/ marks [U].

Provinces and years override by indicator id: ``load_rulebook(base, overrides=[path, …])`` deep-merges
each override's ``indicators`` entries (matched by ``id``) and its top-level fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govwatch.core.errors import RulebookError
from govwatch.rules.yamlfile import read_mapping

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_RULEBOOK = DATA_DIR / "national-2019.yaml"


class Kind(StrEnum):
    """单项否决 veto / 扣分 deduct / 加分 bonus / 提示 info (reported, never scored)."""

    VETO = "veto"
    DEDUCT = "deduct"
    BONUS = "bonus"
    INFO = "info"


class Indicator(BaseModel):
    """One 检查指标.

    ``points`` for deduct/bonus is the points per occurrence (a finding's ``count``); ``cap`` the most one
    indicator can take or give (defaults to ``points`` when absent); ``group`` the 一级指标 it belongs to
    (发布解读, 功能设计 …) and ``group_points`` that group's share of 100 where known.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    kind: Kind
    check: str
    codes: tuple[str, ...] = ()
    params: dict[str, Any] = Field(default_factory=dict)
    points: float = 0.0
    cap: float | None = None
    group: str = ""
    applies_to: tuple[str, ...] = ("portal", "department")
    source: str
    confirmed: bool = True
    fix: str = ""

    @model_validator(mode="after")
    def _codes_default(self) -> Indicator:
        if not self.codes:
            object.__setattr__(self, "codes", (self.check,))
        return self

    @property
    def max_points(self) -> float:
        """The most points this indicator can deduct or add."""
        return self.cap if self.cap is not None else self.points


class Rulebook(BaseModel):
    """A whole 指标体系: ``id`` + ``version`` are recorded with every score so old reports re-render.

    ``pass_score`` (60): a total below it is 不合格; ``bonus_threshold`` (80): bonus counts only above it;
    ``max_deduct`` (100) and ``max_bonus`` (30) are the part totals of 国办秘函〔2019〕19号 指标说明.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str
    title: str
    source: str
    pass_score: float = 60
    bonus_threshold: float = 80
    max_deduct: float = 100
    max_bonus: float = 30
    indicators: tuple[Indicator, ...]

    def by_id(self, indicator_id: str) -> Indicator:
        """The indicator with that id; KeyError if none."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def for_code(self, code: str) -> list[Indicator]:
        """Indicators that count findings with this code."""
        return [ind for ind in self.indicators if code in ind.codes]

    def params_for(self, check_id: str) -> dict[str, Any]:
        """The merged ``params`` of every indicator whose ``check`` is ``check_id``.

        Raises RulebookError when two indicators give the same parameter different values.
        """
        merged: dict[str, Any] = {}
        for ind in self.indicators:
            if ind.check != check_id:
                continue
            for key, value in ind.params.items():
                if key in merged and merged[key] != value:
                    raise RulebookError(f"指标体系 {self.id}：检查 {check_id} 的参数 {key} 在多个指标中取值不一致")
                merged[key] = value
        return merged


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if key == "indicators":
            continue
        out[key] = value
    by_id = {ind["id"]: dict(ind) for ind in base.get("indicators", [])}
    for ind in override.get("indicators", []) or []:
        current = by_id.get(ind["id"], {})
        params = {**current.get("params", {}), **ind.get("params", {})}
        by_id[ind["id"]] = {**current, **ind, "params": params}
    out["indicators"] = list(by_id.values())
    return out


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, "指标体系文件", RulebookError, "id、version、indicators …")


def load_rulebook(path: Path | str = DEFAULT_RULEBOOK, overrides: Iterable[Path | str] = ()) -> Rulebook:
    """Load and validate a rulebook, applying provincial/yearly overrides in order.

    Raises RulebookError naming the file and the offending field.
    """
    data = _read(Path(path))
    for extra in overrides:
        data = _merge(data, _read(Path(extra)))
    try:
        return Rulebook.model_validate(data)
    except ValidationError as exc:
        raise RulebookError(f"指标体系文件 {path} 校验失败：{exc}") from exc


@cache
def default_rulebook() -> Rulebook:
    """The bundled national rulebook (国办秘函〔2019〕19号), loaded once."""
    return load_rulebook(DEFAULT_RULEBOOK)
