"""Character n-gram language model with our own counts (stupid backoff), trained from plain text.

Counts are kept for orders 1..``order`` (default 3) in one ``dict[str, int]`` keyed by the n-gram string;
rare high-order n-grams are pruned to bound memory. Scores are natural logs of stupid-backoff relative
frequencies (Brants et al. 2007: S(w|h) = c(hw)/c(h), else 0.4·S(w|h')); they are not normalised
probabilities but rank candidates well and cost one or two dict look-ups each.

A model is saved as a gzip'd pickle in our own cache directory (never fetched from anywhere): ``save``/
``load`` raise OSError or ValueError for a missing or damaged file.
"""

from __future__ import annotations

import gzip
import math
import os
import pickle
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 2
BOS, EOS = "\x02", "\x03"
_BACKOFF = math.log(0.4)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def sentences(text: str) -> list[str]:
    """``text`` split after 。！？；!?; and newlines, each piece stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass
class CharNgramModel:
    """Counts of character n-grams (orders 1..``order``); ``total`` the number of characters seen.

    ``sources`` names what it was trained from (file names, 'jieba-dict' …) for the report.
    """

    order: int = 3
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    sources: tuple[str, ...] = ()

    def add_text(self, text: str, weight: int = 1) -> None:
        """Count every n-gram of each sentence of ``text`` (with sentence-boundary marks), ``weight`` times."""
        bump = Counter[str]()
        for sent in sentences(text):
            padded = BOS + sent + EOS
            for n in range(1, self.order + 1):
                for i in range(len(padded) - n + 1):
                    bump[padded[i:i + n]] += weight
            self.total += len(sent) * weight
        for key, value in bump.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def add_words(self, words: Iterable[tuple[str, int]]) -> None:
        """Count the n-grams inside each (word, count) pair: the word-internal character statistics of a
        general dictionary (no boundary marks, since words are not sentences)."""
        counts = self.counts
        for word, weight in words:
            if weight <= 0:
                continue
            for n in range(1, min(self.order, len(word)) + 1):
                for i in range(len(word) - n + 1):
                    key = word[i:i + n]
                    counts[key] = counts.get(key, 0) + weight
            self.total += len(word) * weight

    def prune(self, min_count: int = 2, min_order: int = 3) -> None:
        """Drop n-grams of order ≥ ``min_order`` seen fewer than ``min_count`` times (bounds memory)."""
        self.counts = {k: v for k, v in self.counts.items() if len(k) < min_order or v >= min_count}

    def count(self, gram: str) -> int:
        """How often ``gram`` was seen (0 if never)."""
        return self.counts.get(gram, 0)

    def logp(self, history: str, char: str) -> float:
        """Stupid-backoff log score of ``char`` after ``history`` (only its last order-1 chars are used)."""
        counts = self.counts
        penalty = 0.0
        hist = history[-(self.order - 1):] if self.order > 1 else ""
        while hist:
            num = counts.get(hist + char)
            if num:
                return penalty + math.log(num / counts[hist])
            penalty += _BACKOFF
            hist = hist[1:]
        return penalty + math.log((counts.get(char, 0) + 0.1) / (self.total + 1))

    def window_score(self, text: str, start: int, end: int) -> float:
        """Sum of :meth:`logp` for the characters ``text[start:end]`` given what precedes each."""
        k = self.order - 1
        return sum(self.logp(text[max(0, j - k):j], text[j]) for j in range(start, end))

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (gzip'd pickle), creating parent folders."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}-{threading.get_ident()}.tmp")  # writers never share it
        with gzip.open(tmp, "wb", compresslevel=1) as fh:
            pickle.dump((FORMAT, self.order, self.total, self.sources, self.counts), fh, protocol=5)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> CharNgramModel:
        """Read a model written by :meth:`save`; ValueError when the file is of another format."""
        with gzip.open(path, "rb") as fh:
            data = pickle.load(fh)  # our own cache file, written by save()
        if not isinstance(data, tuple) or len(data) != 5 or data[0] != FORMAT:
            raise ValueError(f"{path} is not a govwatch n-gram model of format {FORMAT}")
        _, order, total, sources, counts = data
        return cls(order=order, counts=counts, total=total, sources=tuple(sources))
