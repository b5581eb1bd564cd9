"""Confusion sets (混淆集): which characters a typo may stand for.

Three relations, each with its own cost in the scorer:
- ``same``: same pinyin syllable (tone ignored), from pypinyin's most common reading of each character
  (all readings of polyphones made the sets too loose: 和 huo → 或);
- ``near``: a fuzzy pinyin syllable (z/zh, c/ch, s/sh, n/l, f/h initials; an/ang, en/eng, in/ing finals) —
  the usual input-method slips;
- ``shape``: visually similar characters, from ``data/same_stroke.txt`` (pycorrector, Apache-2.0; see
  ``data/LICENSE-pycorrector``).

Only characters in ``vocab`` (characters the language model knows) are candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHAPE_FILE = Path(__file__).resolve().parent.parent / "data" / "same_stroke.txt"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))

SAME, NEAR, SHAPE = "same", "near", "shape"


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (U+4E00–U+9FFF)."""
    return bool(_HAN.fullmatch(char))


def readings(char: str) -> frozenset[str]:
    """The toneless pinyin syllable of ``char`` (its most common reading) as a set; empty for a non-Chinese character.

    pypinyin is imported here, not at module level: its phrase tables cost ~56 MB and 0.3 s, and only
    training (:meth:`ConfusionSets.build`) needs them — a scan that loads the cached model never does."""
    from pypinyin import Style, pinyin

    got = pinyin(char, style=Style.NORMAL, heteronym=False, errors="ignore")
    return frozenset(s for group in got for s in group if s.isalpha())


def fuzzy(syllable: str) -> set[str]:
    """Syllables one input-method slip away (fuzzy initial or final), not including ``syllable``."""
    out: set[str] = set()
    for a, b in _FUZZY_INITIALS:
        for x, y in ((a, b), (b, a)):
            if syllable.startswith(x) and not (x == "z" and syllable.startswith("zh")) \
                    and not (x == "c" and syllable.startswith("ch")) and not (x == "s" and syllable.startswith("sh")):
                out.add(y + syllable[len(x):])
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            out.add(syllable[: -len(a)] + b)
        elif syllable.endswith(b):
            out.add(syllable + "g")
    out.discard(syllable)
    return out


def load_shapes(path: Path = SHAPE_FILE) -> dict[str, set[str]]:
    """Visually similar characters: each line of ``path`` is one group (tab-separated); symmetric."""
    groups: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        chars = [c for c in line.split("\t") if len(c) == 1]
        for c in chars:
            groups[c].update(x for x in chars if x != c)
    return dict(groups)


@dataclass(frozen=True)
class ConfusionSets:
    """``cands[c]`` maps each candidate character for ``c`` to its relation (same / near / shape)."""

    cands: dict[str, dict[str, str]]

    def of(self, char: str) -> dict[str, str]:
        """Candidates for ``char`` with their relation ({} if none)."""
        return self.cands.get(char, {})

    @classmethod
    def build(cls, vocab: Iterable[str], shapes: dict[str, set[str]] | None = None) -> ConfusionSets:
        """Confusion sets over the Chinese characters of ``vocab``; ``shapes`` defaults to the bundled file."""
        han = sorted({c for c in vocab if is_han(c)})
        by_syllable: dict[str, set[str]] = defaultdict(set)
        reading = {c: readings(c) for c in han}
        for c, syls in reading.items():
            for s in syls:
                by_syllable[s].add(c)
        shapes = load_shapes() if shapes is None else shapes
        known = set(han)
        cands: dict[str, dict[str, str]] = {}
        for c in han:
            table: dict[str, str] = {}
            for x in shapes.get(c, ()):
                if x in known:
                    table[x] = SHAPE
            for s in reading[c]:
                for f in fuzzy(s):
                    table.update(dict.fromkeys(by_syllable.get(f, ()), NEAR))
            for s in reading[c]:
                table.update(dict.fromkeys(by_syllable.get(s, ()), SAME))
            table.pop(c, None)
            if table:
                cands[c] = table
        return cls(cands)
