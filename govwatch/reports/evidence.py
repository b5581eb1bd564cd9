"""Evidence (证据) as readable key/value lines for the HTML and DOCX reports.

The JSON report keeps evidence verbatim; here long lists are cut to ``MAX_LINES`` entries and long strings
to ``MAX_CHARS`` characters so a 3,000-referrer dead link does not make a 300-page document; empty values
and a ``url`` repeating the problem's own URL are left out; coded values (``verdict: dead``) are shown in
Chinese; ISO times (keys ending ``_at``) in Beijing time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from govwatch.core.clock import CHINA_TZ
from govwatch.reports.labels import evidence_key_label, evidence_value_label

MAX_LINES = 20
MAX_CHARS = 500


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence entry: ``key`` as in the finding, ``label`` in Chinese, ``lines`` the value as text."""

    key: str
    label: str
    lines: tuple[str, ...]


HIDDEN_WHEN_PRESENT: Mapping[str, str] = {"type": "type_name"}
"""Keys not shown when the evidence also has the other (a column type code next to its Chinese name)."""


def _shown(key: str, value: Any, evidence: Mapping[str, Any], url: str) -> bool:
    if value is None or value == "":
        return False
    if key == "url" and value == url:
        return False
    return HIDDEN_WHEN_PRESENT.get(key) not in evidence


def readable_evidence(evidence: Mapping[str, Any], url: str = "") -> tuple[EvidenceItem, ...]:
    """Evidence mapping → entries in the finding's key order, each value rendered as lines of text.

    ``url`` is the problem's own URL (an evidence ``url`` equal to it is not repeated).
    """
    return tuple(EvidenceItem(str(key), evidence_key_label(str(key)), _lines(_translate(str(key), value)))
                 for key, value in evidence.items() if _shown(str(key), value, evidence, url))


def _translate(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key.endswith("_at"):
        return _beijing(value)
    return evidence_value_label(key, value)


def _beijing(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return text
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S（北京时间）")


def _lines(value: Any) -> tuple[str, ...]:
    if isinstance(value, Mapping):
        return _cut([f"{evidence_key_label(str(k))}：{_text(_translate(str(k), v))}" for k, v in value.items()])
    if isinstance(value, (list, tuple, set, frozenset)):
        return _cut([_text(v) for v in value]) or ("（无）",)
    return (_text(value),)


def _cut(lines: Sequence[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[:MAX_LINES], f"……另有 {len(lines) - MAX_LINES} 项，完整内容见 report.json")


def _text(value: Any) -> str:
    """One value as a short string: pairs as 'a（b）', mappings as 'k：v；…', dates ISO, bools 是/否."""
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping) and set(value) == {"page", "text"}:
        return _pair([str(value["page"]), str(value["text"] or "")])
    if isinstance(value, Mapping):
        return _clip("；".join(f"{evidence_key_label(str(k))}：{_text(_translate(str(k), v))}"
                               for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return _pair(value) if len(value) == 2 and all(isinstance(v, str) for v in value) else \
            _clip("、".join(_text(v) for v in value))
    return _clip(str(value))


def _pair(value: Sequence[str]) -> str:
    # (page URL, anchor text) referrers, as pairs or {'page', 'text'}, are the most common nested evidence
    first, second = value
    return _clip(f"{first}（{second}）" if second else first)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + "……"
