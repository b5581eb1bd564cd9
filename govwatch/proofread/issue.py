"""The result type of the proofreading engine: one :class:`Issue` per problem found in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

TYPO = "content.typo"
SERIOUS = "content.serious_error"
OUTDATED = "content.outdated_name"
SENSITIVE = "content.sensitive"
PII = "privacy.pii"

TYPE_NAMES = {TYPO: "错别字", SERIOUS: "严重表述错误", OUTDATED: "过时机构名称", SENSITIVE: "敏感词", PII: "个人信息"}


@dataclass(frozen=True)
class Issue:
    """A problem in a text.

    ``type`` is the finding code (``content.typo`` …); ``offset``/``length`` locate ``original`` in the
    checked text (characters, not bytes); ``suggestion`` what to write instead ('' for delete/review, the
    masked value for personal data); ``message`` one Chinese sentence; ``confidence`` 0–1; ``rule`` the
    rule or model that raised it (``kb.leaders.title``, ``ngram``, ``pii.id_card`` …); ``context`` up to
    20 characters either side.
    """

    type: str
    offset: int
    length: int
    original: str
    suggestion: str
    message: str
    confidence: float
    rule: str
    context: str = ""

    @property
    def end(self) -> int:
        """Offset just past the issue."""
        return self.offset + self.length

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (for findings' evidence and the service's answers)."""
        return asdict(self)


def context_of(text: str, offset: int, length: int, width: int = 20) -> str:
    """``width`` characters either side of ``text[offset:offset+length]``, the span itself in 【】."""
    lo, hi = max(0, offset - width), min(len(text), offset + length + width)
    return f"{text[lo:offset]}【{text[offset:offset + length]}】{text[offset + length:hi]}"
