"""Traditional-character detection: official mainland text is simplified, so a traditional text is neither
trained on nor checked for typos (each of its characters would look like a typo of its simplified form)."""

from __future__ import annotations

# Frequent characters that exist only in traditional script (their simplified forms differ).
TRADITIONAL_ONLY = frozenset(
    "們個國會說這來時對學發經過還進後從當為與於將無開關長問門見實現點動種數體處區頭應該給"
    "讓認識議論講話語東車書買賣員務產業設備資質質團黨領導員幹縣鄉農歲億萬幾條處歷義爭戰軍隊"
    "衛醫藥報紙電視網絡標準計劃總結調査觀點變態勢積極壞組織織級層據審計稅費價錢銀貿濟財"
    "區劃鐵運輸飛機場島灣樓廣場陸遠邊鄰聯絡繼續維護讀寫聽說專職責權屬於規則稱營養環"
)


def traditional_ratio(text: str) -> float:
    """Share of the characters of ``text`` that are traditional-only (0.0 for an empty text)."""
    if not text:
        return 0.0
    return sum(1 for c in text if c in TRADITIONAL_ONLY) / len(text)


def is_traditional(text: str, ratio: float = 0.02) -> bool:
    """True when at least ``ratio`` of ``text`` are traditional-only characters (typo check is skipped)."""
    return traditional_ratio(text) >= ratio
