"""The column keyword table (name → ColumnType) and the blank-page phrases, kept as data.

The table lives in ``govwatch/rules/data/column_types.yaml`` so operators can extend it without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from govwatch.core.errors import RulebookError
from govwatch.core.models import ColumnType
from govwatch.rules.rulebook import DATA_DIR

KEYWORDS_FILE = DATA_DIR / "column_types.yaml"


@dataclass(frozen=True)
class KeywordTable:
    """``types`` in priority order: (type, keywords); ``blank_phrases`` the 暂无信息-style texts."""

    types: tuple[tuple[ColumnType, tuple[str, ...]], ...]
    blank_phrases: tuple[str, ...]

    def classify(self, name: str) -> ColumnType:
        """The type of the first entry with a keyword contained in ``name``; OTHER when none matches."""
        for column_type, words in self.types:
            if any(word in name for word in words):
                return column_type
        return ColumnType.OTHER

    def blank_phrase(self, text: str) -> str | None:
        """The first blank phrase found in ``text``, or None."""
        return next((p for p in self.blank_phrases if p in text), None)


def load_keywords(path: Path | str = KEYWORDS_FILE) -> KeywordTable:
    """Read a keyword YAML (``types: [{type, keywords}]``, ``blank_phrases: [...]``).

    Raises RulebookError naming the file when it is unreadable or a type is unknown.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        types = tuple(
            (ColumnType(entry["type"]), tuple(str(w) for w in entry["keywords"])) for entry in data["types"]
        )
        phrases = tuple(str(p) for p in data.get("blank_phrases", []))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RulebookError(f"栏目关键词表 {path} 无法读取或格式不对：{exc!r}") from exc
    return KeywordTable(types, phrases)


@cache
def default_keywords() -> KeywordTable:
    """The bundled keyword table, loaded once."""
    return load_keywords()
