"""The 互动交流 keyword table (``rules/data/interaction.yaml``): channel kinds, message labels, statuses.

Source: 国办秘函〔2019〕19号 单项否决「互动回应差」 (doc §1.1 [C]); the lists themselves are data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govwatch.core.errors import RulebookError
from govwatch.rules.rulebook import DATA_DIR
from govwatch.rules.yamlfile import read_mapping

TABLE_FILE = DATA_DIR / "interaction.yaml"
ANSWERED, PENDING, INVALID, UNKNOWN = "answered", "pending", "invalid", "unknown"
MAX_NAME = 12
"""Longest link text taken as a channel name (longer texts are article titles that mention 征集 …)."""


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of ``words``, longest first (so 回复时间 wins over 时间 at one position)."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


@dataclass(frozen=True)
class InteractionTable:
    """The keyword tables of ``interaction.yaml`` (see that file for what each list means)."""

    channels: tuple[tuple[str, tuple[str, ...]], ...]
    submit_links: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]  # asked / answered / replier / title / status / reply_text
    statuses: Mapping[str, tuple[str, ...]]  # answered / pending / invalid
    count_phrases: tuple[re.Pattern[str], ...]

    def classify(self, name: str) -> str | None:
        """The channel kind of the first table entry with a keyword in ``name``; None when none matches."""
        for kind, words in self.channels:
            if any(word in name for word in words):
                return kind
        return None

    def status_of(self, text: str) -> tuple[str, str]:
        """(status, the badge text) of the first status word in ``text``; (UNKNOWN, '') when none."""
        by_word = {w: kind for kind, words in self.statuses.items() for w in words}
        match = alternation(by_word).search(text) if by_word else None
        return (by_word[match.group(0)], match.group(0)) if match else (UNKNOWN, "")


def load_table(path: Path | str = TABLE_FILE) -> InteractionTable:
    """Read an interaction keyword YAML. Raises RulebookError naming the file when it is malformed."""
    data: dict[str, Any] = read_mapping(Path(path), "互动交流关键词表", RulebookError, "channels、statuses …")
    try:
        return InteractionTable(
            channels=tuple((str(e["kind"]), tuple(str(w) for w in e["keywords"])) for e in data["channels"]),
            submit_links=tuple(str(w) for w in data["submit_links"]),
            labels={k: tuple(str(w) for w in data[f"{k}_labels"])
                    for k in ("asked", "answered", "replier", "title", "status", "reply_text")},
            statuses={k: tuple(str(w) for w in v) for k, v in data["statuses"].items()},
            count_phrases=tuple(re.compile(p) for p in data.get("count_phrases", [])),
        )
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise RulebookError(f"互动交流关键词表 {path} 格式不对：{exc!r}") from exc


@cache
def default_table() -> InteractionTable:
    """The bundled table, loaded once."""
    return load_table()

