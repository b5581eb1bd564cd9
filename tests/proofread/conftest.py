"""Fixtures of the proofreading tests: the n-gram typo model trained from ../shared/corpus/text (skip when
that folder is absent), cached per session in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.proofread.typo.detector import NgramTypoDetector, TypoSettings
from govwatch.proofread.typo.model import corpus_files, load_or_train

CORPUS_TEXT = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "text").resolve()


@pytest.fixture(scope="session")
def ngram(tmp_path_factory: pytest.TempPathFactory) -> NgramTypoDetector:
    """The n-gram typo detector trained from the official corpus (skips when the corpus is absent)."""
    if not corpus_files(CORPUS_TEXT):
        pytest.skip(f"official text corpus not found at {CORPUS_TEXT} (../shared is absent): typo model untrainable")
    res = load_or_train(CORPUS_TEXT, tmp_path_factory.mktemp("typo-cache"))
    assert res is not None
    return NgramTypoDetector(res.model, res.confusion, res.words, TypoSettings(), res.wordlogp)
