"""Reading the YAML data files (rulebooks, schemes, knowledge bases) with errors a person can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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
