"""Normalised titles and reprint matching (issue #8 §4): is a portal article the reprint of an upstream item?

``title_key`` folds what a reprint changes without changing the document: full/half width (NFKC),
whitespace, punctuation and brackets (《》“”〔〕【】…), reprint tags (转载, 【转】, [转载] …), the issuing
prefix up to 关于 (国务院办公厅关于…, 市政府办公室关于转发…), 转发/印发, document numbers in any bracket
variant (国办发〔2026〕3号 = 国办发[2026]3号 = 国办发（2026）3号), a trailing 的通知 and a trailing
(来源：…)/(全文) note.

``similarity`` compares two keys with rapidfuzz: 100 when equal or when one (≥ ``MIN_CONTAINED`` characters)
lies inside the other (a list page cut the title, or the reprint kept a wrapper); else ``fuzz.ratio``.
Keys whose digit runs differ (2025年 vs 2026年, 第3号) never match. ``MATCH_THRESHOLD`` was tuned on the
pairs in tests/ledger/test_titles.py: a one-character difference in a 9–13 character key (农村/城市,
耕地/林地) scores 84–89 and is a different policy; a reprinter's typo in a long title scores ≥ 95.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

MATCH_THRESHOLD = 95.0
MIN_CONTAINED = 10

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【(（{]\s*\d{4}\s*[〕\]］】)）}]\s*第?\d+\s*号")
_TAG = re.compile(r"^(?:[【\[(（<〈]\s*(?:转|转载|转发|原创|重要|最新|置顶|荐|推荐|权威发布|重磅)\s*[】\])）>〉]"
                  r"|(?:转载|转自|转发自|来源)\s*[:：]|转载\s+)")
_ISSUER = re.compile(r"^(?:[\u4e00-\u9fff、，,和与及]{0,40}?(?:院|厅|部|委|局|办|府|室|会|署|行|组|社|中心|中央))?关于")
_WRAPPER = re.compile(r"^(?:转发|印发|转载|公布|发布)")
_TRAILING_NOTE = re.compile(r"[(（【\[]\s*(?:来源|全文|附全文|附件|转载)[^)）】\]]{0,40}[)）】\]]\s*$")
_TRAILING = ("的通知", "的通告")
_DIGITS = re.compile(r"\d+")
_QUOTES = re.compile("[《》〈〉“”\"'‘’「」『』]")


def _strip_once(text: str) -> str:
    text = _TAG.sub("", text).strip()
    text = _TRAILING_NOTE.sub("", text).strip()
    text = _WRAPPER.sub("", text)
    text = _ISSUER.sub("", text)
    text = _WRAPPER.sub("", text)
    for suffix in _TRAILING:
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            text = text[: -len(suffix)]
    return text


def _keep(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] not in "PSZC"


def title_key(title: str) -> str:
    """The normalised form of ``title`` (see module doc); '' for an empty title. Pure, deterministic."""
    text = unicodedata.normalize("NFKC", title or "")
    text = "".join(text.split()).lower()
    text = _DOC_NUMBER.sub("", text)
    text = _QUOTES.sub("", text)
    for _ in range(4):  # nested wrappers: 关于转发《国务院办公厅关于…的通知》的通知
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return "".join(ch for ch in text if _keep(ch))


def similarity(a: str, b: str) -> float:
    """Similarity 0–100 of two *keys* (from :func:`title_key`): see module doc; 0 when either is empty or
    their digit runs differ."""
    if not a or not b:
        return 0.0
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return 0.0
    if a == b:
        return 100.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= MIN_CONTAINED and short in long_:
        return 100.0
    return float(fuzz.ratio(a, b))


def titles_match(upstream: str, reprint: str, threshold: float = MATCH_THRESHOLD) -> bool:
    """Whether the portal title ``reprint`` is a reprint of ``upstream`` (raw titles)."""
    return similarity(title_key(upstream), title_key(reprint)) >= threshold
