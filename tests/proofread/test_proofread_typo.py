"""Typo detection with the n-gram model trained from ../shared/corpus/text (skips without it), the
no-corpus path, and the transformer backend's loading code with a tiny random model built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from govwatch.proofread import TYPO, proofread
from govwatch.proofread.engine import NO_TYPO_MODEL
from govwatch.proofread.typo.detector import NgramTypoDetector
from govwatch.proofread.typo.model import load_or_train, split_corpus

CORPUS_TEXT = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "text").resolve()


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("加强与人民很行的沟通协调，推动金融改革。", "很", "银"),
    ("要持续推进工程建射，确保质量。", "射", "设"),
    ("各地要加快推进交通运舒体系建设。", "舒", "输"),
])
def test_typos_found_with_the_right_suggestion(ngram: NgramTypoDetector, text: str, wrong: str, right: str) -> None:
    issues = [i for i in proofread(text, typo=ngram).issues if i.type == TYPO]
    assert [(i.original, i.suggestion, text[i.offset]) for i in issues] == [(wrong, right, wrong)]
    assert issues[0].rule == "typo.ngram" and 0.5 < issues[0].confidence <= 0.95


def test_clean_official_text_has_no_findings(ngram: NgramTypoDetector) -> None:
    _, held = split_corpus(sorted(CORPUS_TEXT.glob("*.jsonl")))
    recent = [s for s in held if 20 <= len(s) <= 120][-300:]  # held out from training
    flagged = [s for s in recent if proofread(s, typo=ngram).issues]
    assert len(flagged) <= 3, flagged[:5]  # ≤ 1 % of 300 sentences


def test_protected_positions_are_never_changed(ngram: NgramTypoDetector) -> None:
    text = "加强与人民很行的沟通协调。"
    assert [c.index for c in ngram.detect(text)] == [5]
    assert ngram.detect(text, protected=frozenset({5})) == []


def test_no_corpus_means_dictionary_checks_only(tmp_path: Path) -> None:
    assert load_or_train(tmp_path / "none", tmp_path / "cache") is None
    result = proofread("原国家工商行政管理总局发布通知。", typo=None)
    assert NO_TYPO_MODEL in result.notes and result.typo_backend == ""
    assert [i.type for i in result.issues] == ["content.outdated_name"]


def test_transformer_backend_loads_a_local_model_directory(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch", reason="torch is not installed: the transformer backend is optional")
    transformers = pytest.importorskip("transformers", reason="transformers is not installed (optional backend)")
    from govwatch.proofread.typo.backend import BackendError, TransformerBackend

    chars = list("国家银行很的人民加强与沟通协调。")
    (tmp_path / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]), "utf-8")
    tokenizer = transformers.BertTokenizer(str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(vocab_size=5 + len(chars), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64)
    torch.manual_seed(0)
    model = transformers.BertForMaskedLM(config)
    with torch.no_grad():  # make the random model predict 银 everywhere, so its output is known
        model.cls.predictions.decoder.bias.zero_()
        model.cls.predictions.bias.zero_()
        model.cls.predictions.bias[tokenizer.convert_tokens_to_ids("银")] = 100.0
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)

    backend = TransformerBackend(tmp_path, threshold=0.9)
    text = "人民很行"
    fixes = backend.detect(text, protected=frozenset({0, 1}))
    assert [(f.index, f.original, f.suggestion) for f in fixes] == [(2, "很", "银"), (3, "行", "银")]
    result = proofread(text, typo=backend)
    assert result.typo_backend == "transformer" and {i.rule for i in result.issues} == {"typo.transformer"}
    with pytest.raises(BackendError, match="缺少 config.json"):
        TransformerBackend(tmp_path / "missing")
