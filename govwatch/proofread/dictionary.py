"""Dictionary checks over the knowledge base with one Aho-Corasick automaton (pyahocorasick).

Raises :class:`Issue` values of type ``content.outdated_name`` (机构名称过时), ``content.sensitive`` (敏感词),
``content.serious_error`` (wrong political wording, one-character-off canonical expressions) and
``content.typo`` (rule ``kb.expressions.quoted``: a term official text writes in quotation marks). Leader
names and titles are matched by the same automaton and judged in :mod:`govwatch.proofread.leaders`.

Whitelisted terms, current institution names and ``exclude`` strings are *neutral* matches: any other
match inside one of them is dropped (农业部门 is not 农业部).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from govwatch.proofread.issue import OUTDATED, SENSITIVE, SERIOUS, TYPO, Issue, context_of
from govwatch.proofread.kb import KnowledgeBase

MIN_FUZZY = 6
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_OPEN_QUOTES = "“\"「『‘'《"
_CLOSE_QUOTES = "”\"」』’'》"


@dataclass(frozen=True)
class Match:
    """One dictionary hit: ``kind`` (neutral, outdated, wrong, sensitive, name, title, half),
    ``start``/``end`` character offsets, ``payload`` the knowledge-base entry."""

    kind: str
    start: int
    end: int
    key: str
    payload: Any = None


class Dictionary:
    """The compiled automaton of a :class:`KnowledgeBase` plus a site's whitelist."""

    def __init__(self, kb: KnowledgeBase, whitelist: Iterable[str] = ()):
        self.kb = kb
        self.automaton = ahocorasick.Automaton()
        self._entries: dict[str, list[tuple[str, Any]]] = {}
        for term in (*kb.whitelist.global_, *whitelist, *kb.institutions.current):
            self._add(term, "neutral", None)
        for inst in kb.institutions.entries:
            for old in inst.old:
                self._add(old, "outdated", inst)
            for ex in inst.exclude:
                self._add(ex, "neutral", None)
        for form in kb.expressions.wrong:
            self._add(form.wrong, "wrong", form)
        for cat in kb.sensitive.categories:
            for word in cat.words:
                self._add(word.translate(_ASCII_LOWER), "sensitive", cat)
        for leader in kb.leaders.leaders:
            self._add(leader.name, "name", leader)
            for title in leader.all_titles:
                self._add(title, "title", None)
        for expr in kb.expressions.canonical:
            self._add(expr, "neutral", None)
            if len(expr) >= MIN_FUZZY:
                half = len(expr) // 2
                self._add(expr[:half], "half", (expr, 0))
                self._add(expr[half:], "half", (expr, half))
        for key, values in self._entries.items():
            self.automaton.add_word(key, (key, values))
        if self._entries:
            self.automaton.make_automaton()
        self._quoted = [(q, re.compile(q.pattern or re.escape(q.term))) for q in kb.expressions.quoted]

    def _add(self, key: str, kind: str, payload: Any) -> None:
        if key:
            self._entries.setdefault(key, []).append((kind, payload))

    def matches(self, text: str) -> list[Match]:
        """Every hit in ``text`` (overlaps included), sorted by start then longest first."""
        if not self._entries:
            return []
        out: list[Match] = []
        for end, (key, values) in self.automaton.iter(text.translate(_ASCII_LOWER)):
            start = end - len(key) + 1
            out.extend(Match(kind, start, end + 1, key, payload) for kind, payload in values)
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out


def neutral_spans(matches: list[Match]) -> list[tuple[int, int]]:
    """Spans of neutral matches (whitelist, current names, exclusions, canonical expressions)."""
    return [(m.start, m.end) for m in matches if m.kind == "neutral"]


def shadowed(m: Match, spans: list[tuple[int, int]]) -> bool:
    """True when ``m`` lies inside a neutral span at least as long as itself (a whitelisted term)."""
    return any(s <= m.start and m.end <= e and (e - s) >= (m.end - m.start) for s, e in spans)


def dictionary_issues(text: str, matches: list[Match], dic: Dictionary) -> list[Issue]:
    """Outdated names, sensitive words, wrong wording and fuzzy canonical expressions in ``text``."""
    spans = neutral_spans(matches)
    out: list[Issue] = []
    taken: list[tuple[int, int]] = []
    for m in matches:
        if m.kind not in ("outdated", "sensitive", "wrong") or shadowed(m, spans):
            continue
        if any(s <= m.start and m.end <= e for s, e in taken):
            continue  # a longer hit of the same place already reported (国家卫生计生委 ⊃ 卫生计生委)
        taken.append((m.start, m.end))
        out.append(_issue(text, m))
    out.extend(_fuzzy(text, matches, spans))
    out.extend(_unquoted(text, dic))
    return out


def _issue(text: str, m: Match) -> Issue:
    original = text[m.start:m.end]
    ctx = context_of(text, m.start, m.end - m.start)
    if m.kind == "outdated":
        inst = m.payload
        return Issue(OUTDATED, m.start, m.end - m.start, original, inst.new,
                     f"机构名称「{original}」已因机构改革（{inst.since}年）不再使用，现名称为「{inst.new}」。",
                     0.9 if inst.confirmed else 0.6, "kb.institutions", ctx)
    if m.kind == "sensitive":
        cat = m.payload
        return Issue(SENSITIVE, m.start, m.end - m.start, original, "",
                     f"疑似{cat.name}类敏感词「{original}」，请核实是否为被植入的暗链或违规信息。",
                     0.9 if cat.severity == "high" else 0.7, f"kb.sensitive.{cat.name}", ctx)
    form = m.payload
    kind = SERIOUS if form.severity == "serious" else TYPO
    label = "严重表述错误" if kind == SERIOUS else "不规范表述"
    return Issue(kind, m.start, m.end - m.start, original, form.right,
                 f"{label}：「{original}」应为「{form.right}」。", 0.9 if form.confirmed else 0.6,
                 "kb.expressions.wrong", ctx)


def _fuzzy(text: str, matches: list[Match], spans: list[tuple[int, int]]) -> list[Issue]:
    """Canonical expressions written with exactly one wrong Chinese character (不忘出心、牢记使命)."""
    seen: set[int] = set()
    out: list[Issue] = []
    for m in matches:
        if m.kind != "half":
            continue
        expr, at = m.payload
        start = m.start - at
        window = text[start:start + len(expr)] if start >= 0 else ""
        if len(window) != len(expr) or start in seen or any(s <= start and start + len(expr) <= e for s, e in spans):
            continue
        diffs = [i for i, (a, b) in enumerate(zip(window, expr, strict=True)) if a != b]
        if len(diffs) != 1 or not ("\u4e00" <= window[diffs[0]] <= "\u9fff"):
            continue
        seen.add(start)
        out.append(Issue(SERIOUS, start, len(expr), window, expr,
                         f"规范表述「{expr}」书写错误（「{window[diffs[0]]}」应为「{expr[diffs[0]]}」）。",
                         0.85, "kb.expressions.canonical", context_of(text, start, len(expr))))
    return out


def _unquoted(text: str, dic: Dictionary) -> list[Issue]:
    """Quoted terms written without quotation marks (十四五规划 → “十四五”规划)."""
    out: list[Issue] = []
    for q, rx in dic._quoted:
        for hit in rx.finditer(text):
            s, e = hit.span()
            if (s > 0 and text[s - 1] in _OPEN_QUOTES) or (e < len(text) and text[e] in _CLOSE_QUOTES):
                continue
            word = hit.group(0)
            out.append(Issue(TYPO, s, e - s, word, f"“{word}”", f"「{word}」应加引号，写作“{word}”。",
                             0.7 if q.confirmed else 0.5, "kb.expressions.quoted", context_of(text, s, e - s)))
    return out
