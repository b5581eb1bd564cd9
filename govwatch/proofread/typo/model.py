"""Training, caching and loading the typo model (character n-grams + word list + confusion sets).

Nothing is downloaded: the language model is trained at first use from official text on disk (by default
``../shared/corpus/text/*.jsonl`` beside the repository — government work reports and CPC congress
reports — or any folder of ``*.jsonl`` with a ``content`` field / ``*.txt`` files) plus the word
frequencies of jieba's bundled dictionary (a general-language prior, MIT licence), and cached in
``$GOVWATCH_PROOFREAD_CACHE``, else ``$GOVWATCH_DATA_DIR/proofread``, else ``~/.cache/govwatch/proofread``.

Every ``HOLDOUT``-th sentence of the corpus is held out from training so that the false-alarm rate can be
measured on clean official text the model has not seen (benchmarks/proofread.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import pickle
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from govwatch.proofread.typo.confusion import ConfusionSets
from govwatch.proofread.typo.ngram import CharNgramModel, sentences
from govwatch.proofread.typo.script import traditional_ratio

FORMAT = 3
HOLDOUT = 20
JIEBA_WEIGHT = 0.05
MIN_CHAR_COUNT = 5
_REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class TypoResources:
    """What the n-gram detector needs: the ``model``, ``confusion`` sets, the dictionary ``words`` (2+
    characters) that vouch for a character, ``wordlogp`` word → log relative frequency, and ``key`` the
    fingerprint of the training input (corpus files and settings)."""

    model: CharNgramModel
    confusion: ConfusionSets
    words: frozenset[str]
    wordlogp: dict[str, float]
    key: str


def default_cache_dir() -> Path:
    """Where trained models are kept (see the module docstring for the order of precedence)."""
    if os.environ.get("GOVWATCH_PROOFREAD_CACHE"):
        return Path(os.environ["GOVWATCH_PROOFREAD_CACHE"]).expanduser()
    if os.environ.get("GOVWATCH_DATA_DIR"):
        return Path(os.environ["GOVWATCH_DATA_DIR"]).expanduser() / "proofread"
    return Path.home() / ".cache" / "govwatch" / "proofread"


def default_corpus_dir() -> Path:
    """``$GOVWATCH_PROOFREAD_CORPUS``, else ``../shared/corpus/text`` beside the repository."""
    if os.environ.get("GOVWATCH_PROOFREAD_CORPUS"):
        return Path(os.environ["GOVWATCH_PROOFREAD_CORPUS"]).expanduser()
    return (_REPO / ".." / "shared" / "corpus" / "text").resolve()


def corpus_files(folder: Path) -> list[Path]:
    """The training files in ``folder`` (``*.jsonl`` and ``*.txt``), sorted; [] when it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".jsonl", ".txt") and p.is_file())


def documents(files: Iterable[Path]) -> Iterator[str]:
    """The text of each document: every JSON line's ``content`` (or ``text``) of a ``.jsonl``, a whole
    ``.txt``. Traditional-script documents are skipped (mainland official text is simplified)."""
    for path in files:
        if path.suffix == ".txt":
            texts: Iterable[str] = [path.read_text(encoding="utf-8", errors="replace")]
        else:
            texts = (_json_text(line) for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
        for text in texts:
            if text and traditional_ratio(text) < 0.002:
                yield text


def _json_text(line: str) -> str:
    try:
        row = json.loads(line)
    except ValueError:
        return ""
    return str(row.get("content") or row.get("text") or "") if isinstance(row, dict) else ""


def split_corpus(files: Iterable[Path]) -> tuple[list[str], list[str]]:
    """(training sentences, held-out sentences): every ``HOLDOUT``-th sentence of each document is held out."""
    train: list[str] = []
    held: list[str] = []
    for doc in documents(files):
        for k, sent in enumerate(sentences(doc)):
            (held if k % HOLDOUT == 0 else train).append(sent)
    return train, held


def jieba_words() -> list[tuple[str, int]]:
    """(word, count) pairs of jieba's bundled dictionary (``jieba/dict.txt``); [] if jieba is absent."""
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    out: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            out.append((parts[0], int(parts[1])))
    return out


def fingerprint(files: Iterable[Path], extra: str = "") -> str:
    """A key that changes when a training file (name, size, mtime) or the model format changes."""
    h = hashlib.sha256(f"{FORMAT}|{HOLDOUT}|{JIEBA_WEIGHT}|{extra}".encode())
    for path in files:
        st = path.stat()
        h.update(f"{path.name}|{st.st_size}|{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


def train(train_sentences: Iterable[str], key: str = "", order: int = 3,
          dictionary: list[tuple[str, int]] | None = None) -> TypoResources:
    """Train the resources from sentences of official text (+ the jieba dictionary unless ``dictionary``
    is given). Takes ~15 s and ~250 MB on the 1.3 M-character bundled corpus."""
    model = CharNgramModel(order=order)
    for sent in train_sentences:
        model.add_text(sent)
    words = jieba_words() if dictionary is None else dictionary
    model.add_words((w, int(round(f * JIEBA_WEIGHT))) for w, f in words)
    model.prune(min_count=2, min_order=3)
    model.sources = ("corpus", "jieba-dict") if words else ("corpus",)
    vocab = [k for k, v in model.counts.items() if len(k) == 1 and v >= MIN_CHAR_COUNT]
    total = sum(f for _, f in words) or 1
    wordlogp = {w: math.log(f / total) for w, f in words if f > 0}
    return TypoResources(model, ConfusionSets.build(vocab), frozenset(w for w, _ in words if len(w) >= 2),
                         wordlogp, key)


def save(res: TypoResources, path: Path) -> None:
    """Write ``res`` to ``path`` (gzip'd pickle in our own cache; parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")  # writers never share a temp file
    with gzip.open(tmp, "wb", compresslevel=1) as fh:
        pickle.dump((FORMAT, res), fh, protocol=5)
    tmp.replace(path)


def load(path: Path) -> TypoResources:
    """Read resources written by :func:`save`; ValueError for another format, OSError if unreadable."""
    with gzip.open(path, "rb") as fh:
        data = pickle.load(fh)  # our own cache file, written by save()
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == FORMAT):
        raise ValueError(f"{path}: not a govwatch typo model of format {FORMAT}")
    res = data[1]
    if not isinstance(res, TypoResources):
        raise ValueError(f"{path}: not a govwatch typo model")
    return res


def load_or_train(corpus_dir: Path | None = None, cache_dir: Path | None = None) -> TypoResources | None:
    """The cached model for the corpus in ``corpus_dir``, training and caching it when missing or stale;
    None when there is no corpus and no cached model (then only dictionary checks run)."""
    files = corpus_files(corpus_dir or default_corpus_dir())
    cache = cache_dir or default_cache_dir()
    if not files:
        cached = sorted(cache.glob("typo-*.pkl.gz"), key=lambda p: p.stat().st_mtime) if cache.is_dir() else []
        return _try_load(cached[-1]) if cached else None
    key = fingerprint(files)
    path = cache / f"typo-{key}.pkl.gz"
    res = _try_load(path) if path.exists() else None
    if res is None:
        res = train(split_corpus(files)[0], key)
        save(res, path)
    return res


def _try_load(path: Path) -> TypoResources | None:
    try:
        return load(path)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError):
        return None
