"""Pluggable typo backends: the built-in n-gram detector, or a local transformer CSC model.

A backend has a ``name`` and ``detect(text, protected) -> list[Correction]``. Which one runs:
``$GOVWATCH_PROOFREAD_MODEL`` names a local Hugging Face model directory (a BERT-style masked-LM CSC model
such as a MacBERT CSC fine-tune: ``config.json``, weights, ``vocab.txt``) → :class:`TransformerBackend`;
otherwise the n-gram model trained from the official corpus (:mod:`govwatch.proofread.typo.model`).
Nothing is ever downloaded: transformers is called with ``local_files_only=True``.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from govwatch.proofread.typo.confusion import is_han
from govwatch.proofread.typo.detector import Correction, NgramTypoDetector, TypoSettings
from govwatch.proofread.typo.model import load_or_train


class TypoBackend(Protocol):
    """What the engine needs from a typo model."""

    name: str

    def detect(self, text: str, protected: frozenset[int] = frozenset()) -> list[Correction]:
        """Proposed corrections, indexes into ``text``; ``protected`` indexes are never changed."""
        ...


class BackendError(RuntimeError):
    """A configured model cannot be loaded (message in Chinese, names the directory)."""


class TransformerBackend:
    """A masked-LM CSC model from a local directory: each Chinese character is one token; a position is
    corrected when the model's top prediction is another Chinese character with probability ≥
    ``threshold``. Needs the optional packages ``torch`` and ``transformers``."""

    name = "transformer"

    def __init__(self, path: Path | str, threshold: float = 0.9, max_len: int = 510):
        path = Path(path)
        if not (path / "config.json").is_file():
            raise BackendError(f"纠错模型目录 {path} 无效：缺少 config.json")
        try:
            import torch
            from transformers import AutoModelForMaskedLM, AutoTokenizer
        except ImportError as exc:
            raise BackendError(f"加载纠错模型 {path} 需要安装 torch 和 transformers：{exc}") from exc
        try:
            self.tokenizer: Any = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.model: Any = AutoModelForMaskedLM.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise BackendError(f"无法加载纠错模型 {path}：{exc}") from exc
        self.model.eval()
        self._torch = torch
        self.threshold = threshold
        self.max_len = max_len
        self.path = path

    def detect(self, text: str, protected: frozenset[int] = frozenset()) -> list[Correction]:
        """Corrections for ``text`` (read in pieces of ``max_len`` characters)."""
        out: list[Correction] = []
        for start in range(0, len(text), self.max_len):
            out.extend(self._piece(text[start:start + self.max_len], start, protected))
        return out

    def _piece(self, piece: str, offset: int, protected: frozenset[int]) -> list[Correction]:
        tok = self.tokenizer
        unk = tok.unk_token_id
        ids = [tok.cls_token_id] + [tok.convert_tokens_to_ids(c) if c.strip() else unk for c in piece] + [tok.sep_token_id]
        torch = self._torch
        with torch.no_grad():
            logits = self.model(input_ids=torch.tensor([ids])).logits[0]
        probs = torch.softmax(logits, dim=-1)
        best_p, best_id = probs.max(dim=-1)
        out: list[Correction] = []
        for i, char in enumerate(piece):
            pos = i + 1
            if (i + offset) in protected or not is_han(char) or ids[pos] == unk:
                continue
            cand = tok.convert_ids_to_tokens(int(best_id[pos]))
            p = float(best_p[pos])
            if cand != char and len(cand) == 1 and is_han(cand) and p >= self.threshold:
                out.append(Correction(i + offset, char, cand, p, "model"))
        return out


_LOAD_LOCK = threading.Lock()


def default_backend() -> TypoBackend | None:
    """The configured backend, loaded once per process even when several scan threads ask at once
    (they wait for the first; training twice would double the memory): see ``_load_backend``."""
    with _LOAD_LOCK:
        return _load_backend()


@cache
def _load_backend() -> TypoBackend | None:
    """The configured backend, loaded once: the transformer model of ``$GOVWATCH_PROOFREAD_MODEL`` if set,
    else the n-gram model (trained from the corpus at first use and cached); None when neither exists.

    Raises BackendError when a configured transformer directory cannot be loaded (a misconfiguration
    should be seen, not silently replaced)."""
    model_dir = os.environ.get("GOVWATCH_PROOFREAD_MODEL", "").strip()
    if model_dir:
        return TransformerBackend(model_dir)
    res = load_or_train()
    if res is None:
        return None
    return NgramTypoDetector(res.model, res.confusion, res.words, TypoSettings(), res.wordlogp)
