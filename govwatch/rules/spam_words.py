"""Word lists of black-hat SEO (博彩, 色情, 网贷/办证, 游戏私服) that mark a hidden or injected link as
spam (暗链). The lists are data (``data/spam-words.yaml``); see that file for their sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from govwatch.core.errors import RulebookError
from govwatch.rules.yamlfile import read_mapping

SPAM_WORDS_FILE = Path(__file__).parent / "data" / "spam-words.yaml"


@dataclass(frozen=True)
class SpamCategory:
    """One category: ``key`` (gambling …), Chinese ``label``, ``text`` words and ``domain`` host tokens
    (both lower-case)."""

    key: str
    label: str
    text: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpamMatch:
    """A hit: the category ``label`` and the ``word`` that matched, ``where`` 'text' or 'domain'."""

    category: str
    label: str
    word: str
    where: str


@dataclass(frozen=True)
class SpamWords:
    """All categories; :meth:`match` finds the words an anchor's text or target host contains."""

    categories: tuple[SpamCategory, ...] = field(default=())

    def match(self, text: str, host: str) -> list[SpamMatch]:
        """Hits in ``text`` (anchor text) and ``host`` (target host name), case-insensitive."""
        text, host = text.lower(), host.lower()
        hits = []
        for cat in self.categories:
            hits += [SpamMatch(cat.key, cat.label, w, "text") for w in cat.text if w in text]
            hits += [SpamMatch(cat.key, cat.label, w, "domain") for w in cat.domain if w in host]
        return hits

    def extended(self, extra: Mapping[str, Sequence[str]]) -> SpamWords:
        """These lists plus ``extra`` text words per category key (a new key makes a new category)."""
        cats = {c.key: c for c in self.categories}
        for key, words in extra.items():
            old = cats.get(key, SpamCategory(key, key))
            cats[key] = SpamCategory(key, old.label, old.text + tuple(w.lower() for w in words), old.domain)
        return SpamWords(tuple(cats.values()))


def load_spam_words(path: Path = SPAM_WORDS_FILE) -> SpamWords:
    """Read a word-list file (mapping of category → {label, text, domain}). Raises
    :class:`RulebookError` (Chinese) for an unreadable file or a category that is not a mapping."""
    data = read_mapping(path, "暗链词表文件", RulebookError, "类别 → {label, text, domain}")
    cats = []
    for key, body in data.items():
        if not isinstance(body, dict):
            raise RulebookError(f"暗链词表文件 {path} 的类别 {key} 应是一个映射（label, text, domain）")
        cats.append(SpamCategory(
            key=str(key), label=str(body.get("label", key)),
            text=tuple(str(w).lower() for w in body.get("text") or ()),
            domain=tuple(str(w).lower() for w in body.get("domain") or ())))
    return SpamWords(tuple(cats))


@cache
def default_spam_words() -> SpamWords:
    """The bundled lists (read once)."""
    return load_spam_words()
