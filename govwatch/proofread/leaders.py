"""Leader checks (严重表述错误): a wrong title for a named leader, a wrong name after a leader's title, a
group listed out of its fixed order.

Rules (国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」— 严重表述错误):
- wrong title: a leader's name directly preceded by a full title, or directly followed by a title, that
  the person does not hold (current, short or former titles of ``leaders.yaml``) but another listed
  leader does: 国务院总理赵乐际, 李强委员长. Short titles (总理) count only after the name, since before a
  name they often belong to someone else (工会主席李强);
- wrong name: a full title held by a listed leader directly followed by a name that differs from that
  leader's name in exactly one character (国务院总理李弱);
- wrong order: names of one group (政治局常委) listed together — separated only by 、，和 同志 or titles —
  in an order other than the group's.
"""

from __future__ import annotations

import re

from govwatch.proofread.dictionary import Match
from govwatch.proofread.issue import SERIOUS, Issue, context_of
from govwatch.proofread.kb import KnowledgeBase, Leader

_SEPARATORS = re.compile(r"[\s、，,和及与同志]*")
MAX_GAP = 24


def leader_issues(text: str, matches: list[Match], kb: KnowledgeBase) -> list[Issue]:
    """Wrong titles, wrong names and wrong order in ``text`` given the dictionary ``matches``."""
    names = [m for m in matches if m.kind == "name"]
    titles = [m for m in matches if m.kind == "title"]
    out = _wrong_titles(text, names, titles, kb)
    out.extend(_wrong_names(text, titles, names, kb))
    out.extend(_wrong_order(text, names, titles, kb))
    return out


def _holders(title: str, kb: KnowledgeBase) -> list[Leader]:
    return [p for p in kb.leaders.leaders if title in p.titles or title in p.short]


def _longest(candidates: list[Match]) -> Match | None:
    return max(candidates, key=lambda m: m.end - m.start, default=None)


def _wrong_titles(text: str, names: list[Match], titles: list[Match], kb: KnowledgeBase) -> list[Issue]:
    out: list[Issue] = []
    full = {t for p in kb.leaders.leaders for t in p.titles + p.former}
    for name in names:
        person: Leader = name.payload
        before = _longest([t for t in titles if t.end == name.start and t.key in full])
        after = _longest([t for t in titles if t.start == name.end])
        for title, short in ((before, False), (after, True)):
            if title is None or title.key in person.all_titles or not _holders(title.key, kb):
                continue
            right = (person.short[0] if short and person.short else person.titles[0])
            holders = "、".join(p.name for p in _holders(title.key, kb))
            out.append(Issue(
                SERIOUS, title.start, title.end - title.start, title.key, right,
                f"领导人职务错误：{person.name}的职务不是「{title.key}」（该职务为{holders}），应为「{right}」。",
                0.95 if person.confirmed else 0.6, "kb.leaders.title", context_of(text, title.start, title.end - title.start)))
    return out


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _wrong_names(text: str, titles: list[Match], names: list[Match], kb: KnowledgeBase) -> list[Issue]:
    out: list[Issue] = []
    named = {m.start for m in names}
    for title in titles:
        if title.end in named:
            continue
        for person in kb.leaders.leaders:
            if title.key not in person.titles:
                continue
            got = text[title.end:title.end + len(person.name)]
            if _one_off(got, person.name) and all("\u4e00" <= c <= "\u9fff" for c in got):
                out.append(Issue(
                    SERIOUS, title.end, len(got), got, person.name,
                    f"领导人姓名错误：「{title.key}{got}」中的姓名应为「{person.name}」。",
                    0.9 if person.confirmed else 0.6, "kb.leaders.name", context_of(text, title.end, len(got))))
    return out


def _gap_ok(gap: str, title_keys: set[str]) -> bool:
    for key in sorted(title_keys, key=len, reverse=True):
        gap = gap.replace(key, "")
    return len(gap) <= MAX_GAP and _SEPARATORS.fullmatch(gap) is not None


def _wrong_order(text: str, names: list[Match], titles: list[Match], kb: KnowledgeBase) -> list[Issue]:
    out: list[Issue] = []
    title_keys = {t.key for t in titles}
    for group in kb.leaders.groups:
        rank = {n: i for i, n in enumerate(group.members)}
        members = [m for m in names if m.key in rank]
        run: list[Match] = []
        for m in [*members, None]:
            if m is not None and run and _gap_ok(text[run[-1].end:m.start], title_keys):
                run.append(m)
                continue
            order = [rank[x.key] for x in run]
            if len(run) >= 2 and order != sorted(order):
                start, end = run[0].start, run[-1].end
                right = "、".join(sorted((x.key for x in run), key=rank.__getitem__))
                out.append(Issue(
                    SERIOUS, start, end - start, text[start:end], right,
                    f"领导人排序错误：{group.title}应按「{right}」的顺序排列。",
                    0.9 if group.confirmed else 0.6, "kb.leaders.order", context_of(text, start, end - start)))
            run = [m] if m is not None else []
    return out
