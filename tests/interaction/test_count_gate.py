"""The substring gate before the message-count regexes never drops a page the regex would match."""

from __future__ import annotations

import re

import pytest

from govwatch.extract.interaction import may_match, required_words
from govwatch.extract.interaction_table import default_table

TEXTS = ["本月共收到群众留言 120 件，已全部办结。", "留言总数：35", "来信数量 7", "受理网民来信 12 封",
         "欢迎访问本网站，办事服务、咨询投诉", "收到留言", "回复咨询共 3 条", "", "信件总量 0"]


@pytest.mark.parametrize("text", TEXTS)
def test_gate_agrees_with_the_regex(text: str) -> None:
    for pattern in default_table().count_phrases:
        if pattern.search(text):
            assert may_match(pattern, text)


def test_gate_rejects_pages_without_the_words() -> None:
    (first, second) = default_table().count_phrases[:2]
    assert required_words(first.pattern) == (("收到", "受理", "办理", "办结", "回复"), ("留言", "来信", "咨询", "信件"))
    assert not may_match(first, "受理时间：工作日 办理地点：政务大厅")  # no 留言/来信/咨询/信件
    assert not may_match(second, "<html>" + "首页 要闻动态 通知公告 " * 100 + "</html>")


@pytest.mark.parametrize("pattern", [r"(?:a|b+)c", r"[留言]\d+", r"x*", r"(?i)(?:ab|cd)"])
def test_patterns_it_cannot_read_are_not_gated(pattern: str) -> None:
    words = required_words(pattern)
    assert all(all(isinstance(w, str) and w for w in ws) for ws in words)
    compiled = re.compile(pattern)
    for text in ("ac", "bbc", "留1", "", "AB", "cd"):
        if compiled.search(text):
            assert may_match(compiled, text)
    assert required_words(r"(?:ab|cd)", re.IGNORECASE) == () and may_match(re.compile("(?:ab|cd)", re.I), "AB")
