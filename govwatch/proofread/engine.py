"""The proofreading engine: knowledge-base checks, personal data and typos over one text → issues.

``proofread_text(text, kb)`` is the one entry point used by the scan checks, new-media checks and (later)
the proofreading service. The typo model is optional: without a corpus or configured model the engine
runs the dictionary and personal-data checks only and says so in :attr:`ProofreadResult.notes`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from govwatch.proofread.dictionary import Dictionary, dictionary_issues
from govwatch.proofread.issue import OUTDATED, PII, SENSITIVE, SERIOUS, TYPO, Issue, context_of
from govwatch.proofread.kb import KnowledgeBase, default_kb
from govwatch.proofread.leaders import leader_issues
from govwatch.proofread.pii import pii_issues
from govwatch.proofread.typo.backend import TypoBackend, default_backend
from govwatch.proofread.typo.script import is_traditional

ALL_TYPES = frozenset({TYPO, SERIOUS, OUTDATED, SENSITIVE, PII})
NO_TYPO_MODEL = "错别字模型不可用（未找到训练语料或纠错模型），本次仅进行了知识库与个人信息检查。"
DEFAULT = object()  # sentinel: use the configured typo backend


@dataclass(frozen=True)
class ProofreadResult:
    """Issues sorted by offset, the knowledge-base version and typo backend used, and Chinese ``notes``."""

    text: str
    issues: tuple[Issue, ...]
    kb_version: str
    typo_backend: str = ""
    notes: tuple[str, ...] = field(default=())


_DICTIONARIES: dict[tuple[int, tuple[str, ...]], tuple[KnowledgeBase, Dictionary]] = {}


def _dictionary(kb: KnowledgeBase, whitelist: tuple[str, ...]) -> Dictionary:
    """The compiled automaton for ``kb`` + ``whitelist``, built once (keyed by the kb object)."""
    key = (id(kb), whitelist)
    hit = _DICTIONARIES.get(key)
    if hit is None or hit[0] is not kb:
        if len(_DICTIONARIES) >= 32:
            _DICTIONARIES.clear()
        hit = _DICTIONARIES[key] = (kb, Dictionary(kb, whitelist))
    return hit[1]


def _typo_issues(text: str, backend: TypoBackend, protected: frozenset[int]) -> list[Issue]:
    out = []
    for fix in backend.detect(text, protected):
        confidence = fix.gain if fix.relation == "model" else min(0.95, 0.5 + fix.gain / 40)
        out.append(Issue(TYPO, fix.index, 1, fix.original, fix.suggestion,
                         f"疑似错别字：「{fix.original}」应为「{fix.suggestion}」。", round(confidence, 3),
                         f"typo.{backend.name}", context_of(text, fix.index, 1)))
    return out


def _overlaps(issue: Issue, others: list[Issue]) -> bool:
    return any(o.offset < issue.end and issue.offset < o.end for o in others)


def proofread(text: str, kb: KnowledgeBase | None = None, *, typo: TypoBackend | None | object = DEFAULT,
              site: str = "", today: date | None = None, types: Collection[str] = ALL_TYPES) -> ProofreadResult:
    """Check ``text`` and return a :class:`ProofreadResult`.

    ``kb`` defaults to the bundled knowledge base; ``typo`` a backend, None for no typo check, or the
    configured default (which may train the n-gram model at first use, ~15 s); ``site`` the host whose
    whitelist applies; ``today`` the date ID-card birth dates are checked against; ``types`` the issue
    types wanted (all five by default). Never raises for odd text.
    """
    kb = kb or default_kb()
    dic = _dictionary(kb, tuple(kb.whitelist_for(site)))
    matches = dic.matches(text)
    issues = [i for i in dictionary_issues(text, matches, dic) + leader_issues(text, matches, kb) if i.type in types]
    if PII in types:
        issues.extend(pii_issues(text, today))
    notes: list[str] = []
    backend = cast("TypoBackend | None", default_backend() if typo is DEFAULT else typo)
    name = ""
    if TYPO in types:
        if backend is None:
            notes.append(NO_TYPO_MODEL)
        elif is_traditional(text, 0.01):
            notes.append("文本以繁体字为主，未进行错别字检查。")
        else:
            name = backend.name
            protected = frozenset(p for m in matches if m.kind != "half" for p in range(m.start, m.end))
            protected |= frozenset(p for i in issues for p in range(i.offset, i.end))
            typos = _typo_issues(text, backend, protected)
            issues.extend(t for t in typos if not _overlaps(t, issues))
    issues.sort(key=lambda i: (i.offset, i.length))
    return ProofreadResult(text, tuple(issues), kb.version, name, tuple(notes))


def proofread_text(text: str, kb: KnowledgeBase | None = None, *, typo: TypoBackend | None | object = DEFAULT,
                   site: str = "", today: date | None = None, types: Collection[str] = ALL_TYPES) -> list[Issue]:
    """The issues of :func:`proofread` alone — for scan checks and new-media posts alike."""
    return list(proofread(text, kb, typo=typo, site=site, today=today, types=types).issues)
