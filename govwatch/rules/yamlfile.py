"""Reading the YAML data files (rulebooks, schemes, knowledge bases) with errors a person can act on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govwatch.core.errors import GovwatchError


def read_mapping(path: Path, what: str, error: type[GovwatchError], keys_hint: str) -> dict[str, Any]:
    """The top-level mapping of the YAML file ``path``.

    ``what`` names the file's kind in Chinese (指标体系文件, 知识库文件 …) and ``keys_hint`` the keys it
    should hold; raises ``error`` (Chinese, naming the file) when it cannot be read, is not YAML, or its
    top level is not a mapping.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{what} {path} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise error(f"{what} {path} 的顶层应是一个映射（{keys_hint}）")
    return data


# pydantic error types → Chinese reasons, for every YAML data file validated with pydantic (rulebooks,
# evaluation schemes, registry files). Types with a context value (enum, literal, bounds) are worded
# in :func:`zh_reason`.
PYDANTIC_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（请检查拼写）",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "too_short": "不能为空",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "url_parsing": "网址格式错误",
    "url_scheme": "网址应以 http:// 或 https:// 开头",
}


def zh_reason(error: Mapping[str, Any]) -> str:
    """The Chinese reason of one pydantic error (an item of ``ValidationError.errors()``)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、")
        return f"取值无效（应为 {expected} 之一）" if expected else "取值无效"
    bounds = {"greater_than": ("应大于", "gt"), "greater_than_equal": ("应不小于", "ge"),
              "less_than": ("应小于", "lt"), "less_than_equal": ("应不大于", "le")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {ctx.get(key)}"
    return PYDANTIC_ZH.get(kind, str(error["msg"]))


def field_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a field path: ``dimensions[0].items[2].cap`` (``（顶层）`` if empty)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（顶层）"


def zh_errors(exc: ValidationError) -> list[str]:
    """Every error of ``exc`` as ``字段路径：中文原因``, one string each."""
    return [f"{field_path(tuple(err['loc']))}：{zh_reason(err)}" for err in exc.errors()]
