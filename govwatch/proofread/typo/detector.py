"""N-gram typo detector: suspicious positions → confusion-set candidates → language-model rescoring.

1. A Chinese character is *suspicious* when both bigrams it stands in (with the character before and after
   it) are rare in the model (count < ``support``): a typo breaks the words on both sides, while a correct
   character sits inside at least one well-attested pair.
2. Its candidates are its confusion set (same / near pinyin, similar shape) restricted to characters that
   form a seen bigram with a neighbour.
3. Each candidate is scored by the change of the model's log score over the n-grams that contain the
   position, minus a cost for its relation (a shape or fuzzy-pinyin slip needs more evidence than a
   same-pinyin one). The best candidate is proposed when that gain exceeds ``threshold`` (nats).

Thresholds were tuned on the development half of ECSpell ODW for few false alarms (benchmarks/proofread.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from govwatch.proofread.typo.confusion import NEAR, SAME, SHAPE, ConfusionSets, is_han
from govwatch.proofread.typo.ngram import BOS, EOS, CharNgramModel


@dataclass(frozen=True)
class TypoSettings:
    """Tunable knobs: ``support`` minimum bigram count that vouches for a character; ``threshold`` the
    minimal log-score gain (nats) to propose a correction; ``costs`` per relation (nats);
    ``max_chars`` longest sentence examined (characters; longer ones are cut into pieces)."""

    support: int = 3
    threshold: float = 10.0
    cost_same: float = 0.0
    cost_near: float = 2.0
    cost_shape: float = 2.0
    max_chars: int = 200
    max_word: int = 4
    word_weight: float = 0.5

    def cost(self, relation: str) -> float:
        """The cost of proposing a candidate of that relation."""
        return {SAME: self.cost_same, NEAR: self.cost_near, SHAPE: self.cost_shape}[relation]


@dataclass(frozen=True)
class Correction:
    """One proposed fix: ``index`` in the examined text, ``original`` → ``suggestion`` characters,
    ``gain`` the score gain in nats (after the relation cost), ``relation`` same / near / shape."""

    index: int
    original: str
    suggestion: str
    gain: float
    relation: str


class NgramTypoDetector:
    """Finds likely typos in a sentence with a :class:`CharNgramModel` and :class:`ConfusionSets`."""

    name = "ngram"

    def __init__(self, model: CharNgramModel, confusion: ConfusionSets, words: frozenset[str] = frozenset(),
                 settings: TypoSettings | None = None, wordlogp: dict[str, float] | None = None):
        """``words``: dictionary words that vouch for a character; ``wordlogp``: word → log probability
        for the segmentation score (optional)."""
        self.model = model
        self.confusion = confusion
        self.words = words
        self.wordlogp: dict[str, float] = wordlogp or {}
        self.unknown = min(self.wordlogp.values(), default=0.0) - 2.0
        self.settings = settings or TypoSettings()

    def _seg(self, text: str, i: int) -> float:
        """Best unigram-word segmentation log score of the window around ``i`` (jieba-style DAG)."""
        lo, hi = max(0, i - 4), min(len(text), i + 5)
        window = text[lo:hi]
        wl, unk, longest = self.wordlogp, self.unknown, self.settings.max_word
        best = [0.0] + [-1e18] * len(window)
        for j in range(1, len(window) + 1):
            top = best[j - 1] + wl.get(window[j - 1], unk)
            for k in range(max(0, j - longest), j - 1):
                lp = wl.get(window[k:j])
                if lp is not None and best[k] + lp > top:
                    top = best[k] + lp
            best[j] = top
        return best[-1]

    def covered(self, text: str, i: int) -> bool:
        """True when a dictionary word of 2–``max_word`` characters in ``text`` spans index ``i``."""
        words, longest = self.words, self.settings.max_word
        for start in range(max(0, i - longest + 1), i + 1):
            for end in range(max(i + 1, start + 2), min(len(text), start + longest) + 1):
                if text[start:end] in words:
                    return True
        return False

    def detect(self, text: str, protected: frozenset[int] = frozenset()) -> list[Correction]:
        """Corrections for ``text`` (any length; indexes are into ``text``). ``protected`` indexes are never
        changed (names and whitelisted terms found by the dictionary checks)."""
        out: list[Correction] = []
        step = self.settings.max_chars
        for start in range(0, len(text), step):
            for fix in self._detect_piece(text[start:start + step], protected, start):
                out.append(Correction(fix.index + start, fix.original, fix.suggestion, fix.gain, fix.relation))
        return out

    def _detect_piece(self, text: str, protected: frozenset[int], offset: int) -> list[Correction]:
        counts = self.model.counts
        support = self.settings.support
        padded = BOS + text + EOS
        out: list[Correction] = []
        for i in range(1, len(padded) - 1):
            char = padded[i]
            if (i - 1 + offset) in protected or not is_han(char):
                continue
            if counts.get(padded[i - 1:i + 1], 0) >= support and counts.get(padded[i:i + 2], 0) >= support:
                continue
            if self.covered(padded, i):
                continue
            best = self._best(padded, i)
            if best is not None:
                out.append(Correction(i - 1, char, best[0], best[1], best[2]))
                padded = padded[:i] + best[0] + padded[i + 1:]  # later positions see the corrected text
        return out

    def _best(self, padded: str, i: int) -> tuple[str, float, str] | None:
        counts = self.model.counts
        prev, nxt = padded[i - 1], padded[i + 1]
        end = min(len(padded), i + self.model.order)
        base = self.model.window_score(padded, i, end)
        seg_base = self._seg(padded, i) if self.wordlogp else 0.0
        best: tuple[str, float, str] | None = None
        for cand, relation in self.confusion.of(padded[i]).items():
            if not (counts.get(prev + cand) or counts.get(cand + nxt)):
                continue
            trial = padded[:i] + cand + padded[i + 1:]
            if self.words and not self.covered(trial, i):
                continue
            gain = self.model.window_score(trial, i, end) - base - self.settings.cost(relation)
            if self.wordlogp:
                gain += self.settings.word_weight * (self._seg(trial, i) - seg_base)
            if gain > self.settings.threshold and (best is None or gain > best[1]):
                best = (cand, gain, relation)
        return best
