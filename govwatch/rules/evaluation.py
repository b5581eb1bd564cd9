"""绩效评估 scheme loader: the yearly performance evaluation kept as data (YAML → validated pydantic).

A scheme splits 100 points into dimensions (维度: 信息公开, 在线服务, 公众参与, 用户体验, 日常监测 …). Each
dimension lists the items that feed it: a rulebook ``indicator`` (all its finding codes) or explicit
finding ``codes``, how many ``points`` one occurrence loses and the item's ``cap``. A dimension never
loses more than its ``weight`` (扣完为止). ``groups`` say which subjects are ranked together (counties,
city departments …). ``confirmed: false`` marks weights and points that no official text gives.

Validation errors are Chinese and name the file and the field: weights must sum to 100, every indicator
and code must exist in the rulebook the scheme is based on, and a code may feed only one item (no double
counting, 国办秘函〔2019〕19号 指标说明).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from govwatch.core.errors import RulebookError
from govwatch.rules.rulebook import DATA_DIR, Rulebook, default_rulebook
from govwatch.rules.yamlfile import read_mapping, zh_errors

DEFAULT_SCHEME = DATA_DIR / "evaluation-2026.yaml"
TOTAL_WEIGHT = Decimal(100)


class SchemeError(RulebookError):
    """An evaluation scheme that does not load or validate; the message names the file and the field."""


class Item(BaseModel):
    """One source of lost points inside a dimension.

    Exactly one of ``indicator`` (a rulebook indicator id: all its codes count) and ``codes`` (finding
    codes). ``points`` lost per occurrence (a finding's ``count``); ``cap`` the most this item can lose
    (None: only the dimension's weight caps it).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str | None = None
    codes: tuple[str, ...] = ()
    points: float = Field(gt=0)
    cap: float | None = Field(default=None, gt=0)
    note: str = ""

    @model_validator(mode="after")
    def _one_source(self) -> Item:
        if (self.indicator is None) == (not self.codes):
            raise ValueError("每个扣分项须且只能给出 indicator（指标编号）或 codes（问题代码）之一")
        return self


class Dimension(BaseModel):
    """A 评估维度 with its ``weight`` (points out of 100) and the ``items`` that lose points in it.

    A dimension with no items loses nothing (no check feeds it yet); reports say it was not evaluated.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    weight: float = Field(gt=0)
    items: tuple[Item, ...] = ()
    source: str
    confirmed: bool = True
    note: str = ""

    @property
    def evaluated(self) -> bool:
        """True when at least one item feeds this dimension."""
        return bool(self.items)


class Group(BaseModel):
    """Subjects ranked together: those whose level (市/县/乡镇) and kind (portal/department) match;
    an absent field matches anything. A subject joins the first matching group."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    level: str | None = None
    kind: str | None = None

    def matches(self, level: str, kind: str) -> bool:
        """True when a subject of this level and kind belongs here."""
        return (self.level is None or self.level == level) and (self.kind is None or self.kind == kind)


class Scheme(BaseModel):
    """A whole 绩效评估 scheme; ``id`` + ``version`` identify the rules an evaluation was made with.

    ``subject`` 'unit' ranks 主办单位 (all their sites' findings pooled) or 'site' ranks websites;
    ``rulebook`` the id of the rulebook whose indicators and codes the items name.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str
    title: str
    year: int
    source: str
    rulebook: str
    subject: Literal["unit", "site"] = "unit"
    confirmed: bool = True
    groups: tuple[Group, ...] = ()
    dimensions: tuple[Dimension, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_and_ids(self) -> Scheme:
        total = sum((Decimal(str(d.weight)) for d in self.dimensions), Decimal(0))
        if total != TOTAL_WEIGHT:
            parts = "、".join(f"{d.title} {d.weight:g}" for d in self.dimensions)
            raise ValueError(f"各维度权重之和应为 100，实为 {float(total):g}（{parts}）")
        ids = [d.id for d in self.dimensions]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"维度编号重复：{'、'.join(dup)}")
        return self

    def group_for(self, level: str, kind: str) -> str:
        """The title of the first group matching a subject; '全部' when no groups are declared, '其他'
        when none matches."""
        if not self.groups:
            return "全部"
        return next((g.title for g in self.groups if g.matches(level, kind)), "其他")


def item_codes(item: Item, rulebook: Rulebook) -> tuple[str, ...]:
    """The finding codes an item counts (the indicator's codes, or its own). KeyError for an unknown
    indicator (``check_scheme`` reports that first)."""
    return rulebook.by_id(item.indicator).codes if item.indicator else item.codes


def check_scheme(scheme: Scheme, rulebook: Rulebook) -> list[str]:
    """Problems of ``scheme`` against ``rulebook`` as Chinese sentences (empty when it fits): wrong
    rulebook id, unknown indicators or codes, a code feeding two items, an item cap above its weight."""
    problems: list[str] = []
    if scheme.rulebook != rulebook.id:
        problems.append(f"rulebook：方案基于指标体系 {scheme.rulebook}，但评估使用的是 {rulebook.id}")
    known_ids = {ind.id for ind in rulebook.indicators}
    known_codes = {code for ind in rulebook.indicators for code in ind.codes}
    seen: dict[str, str] = {}
    for d_index, dim in enumerate(scheme.dimensions):
        for i_index, item in enumerate(dim.items):
            where = f"dimensions[{d_index}]（{dim.title}）.items[{i_index}]"
            if item.indicator is not None and item.indicator not in known_ids:
                problems.append(f"{where}：指标体系 {rulebook.id} 中没有指标 {item.indicator}")
                continue
            if item.cap is not None and item.cap > dim.weight:
                problems.append(f"{where}：扣分上限 {item.cap:g} 超过该维度权重 {dim.weight:g}")
            for code in item_codes(item, rulebook):
                if code not in known_codes:
                    problems.append(f"{where}：指标体系 {rulebook.id} 中没有问题代码 {code}")
                elif code in seen:
                    problems.append(f"{where}：问题代码 {code} 已计入 {seen[code]}，同一问题不重复扣分")
                else:
                    seen[code] = f"{dim.title}"
    return problems


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, "绩效评估方案", SchemeError, "id、version、dimensions …")


def parse_scheme(data: dict[str, Any], rulebook: Rulebook, origin: str = "（内存）") -> Scheme:
    """Validate an already-parsed scheme mapping against ``rulebook``.

    Raises SchemeError listing every problem, one per line, each naming its field.
    """
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as exc:
        raise SchemeError(f"绩效评估方案 {origin} 校验失败：\n  " + "\n  ".join(zh_errors(exc))) from exc
    problems = check_scheme(scheme, rulebook)
    if problems:
        raise SchemeError(f"绩效评估方案 {origin} 与指标体系不符：\n  " + "\n  ".join(problems))
    return scheme


def load_scheme(path: Path | str = DEFAULT_SCHEME, rulebook: Rulebook | None = None) -> Scheme:
    """Load ``path`` and validate it against ``rulebook`` (default: the bundled national rulebook).

    Raises SchemeError (a RulebookError) naming the file and each offending field.
    """
    return parse_scheme(_read(Path(path)), rulebook or default_rulebook(), str(path))


@cache
def default_scheme() -> Scheme:
    """The bundled 2026 example scheme (evaluation-2026.yaml), loaded once."""
    return load_scheme(DEFAULT_SCHEME)
