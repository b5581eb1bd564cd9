"""Evidence JSON of a finding made readable (issue #4 §1): labelled lines whose parts are text or links.

Pure Python over the stored ``evidence`` dict: URLs become links, ISO dates and times are shown in Beijing
time, nested lists and dicts are flattened to at most ``MAX_ITEMS`` entries so a dead-link finding with
thousands of pages stays readable. Keys and coded values (``certainty: suspected``) are labelled from the
one table the reports use (``govwatch.reports.labels``); unknown keys keep their name (evidence is never
dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from govwatch.core.clock import CHINA_TZ
from govwatch.reports.evidence import HIDDEN_WHEN_PRESENT
from govwatch.reports.labels import evidence_key_label, evidence_value_label

MAX_ITEMS = 20
MAX_TEXT = 300
URL = re.compile(r"^https?://\S+$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")



def label(key: str) -> str:
    """Chinese label of an evidence key: the reports layer's one table (reports.labels), else the key."""
    return evidence_key_label(key)


@dataclass(frozen=True)
class Part:
    """A piece of an evidence line: ``href`` set for a link."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Line:
    """One labelled line of evidence."""

    label: str
    parts: tuple[Part, ...]


def readable(evidence: dict[str, Any] | None) -> list[Line]:
    """The evidence dict as labelled lines (keys in stored order; tracebacks and a column type code next to
    its Chinese name left out)."""
    out = []
    shown = evidence or {}
    for key, value in shown.items():
        if key == "traceback" or value in (None, "", [], {}) or HIDDEN_WHEN_PRESENT.get(key) in shown:
            continue
        out.append(Line(label(key), tuple(_parts(_coded(key, value)))))
    return out


def _parts(value: Any) -> list[Part]:
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        out = [Part(f"{label(str(k))}：{_scalar(_coded(str(k), v))}") for k, v in items if not _is_url(v)]
        out += [Part(str(v), str(v)) for _, v in items if _is_url(v)]
        return out + _more(len(value))
    if isinstance(value, list | tuple):
        out = [p for item in value[:MAX_ITEMS] for p in _parts(item)]
        return out + _more(len(value))
    if _is_url(value):
        return [Part(str(value), str(value))]
    return [Part(_scalar(value))]


def _coded(key: str, value: Any) -> Any:
    """A coded string value in Chinese ('verdict', 'dead' → 死链); anything else unchanged."""
    return evidence_value_label(key, value) if isinstance(value, str) else value


def _more(n: int) -> list[Part]:
    return [Part(f"……共 {n} 项")] if n > MAX_ITEMS else []


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(URL.match(value))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict | list | tuple):
        return "；".join(p.text for p in _parts(value))
    text = str(value)
    if ISO_TIME.match(text):
        try:
            return datetime.fromisoformat(text).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return text
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "……"
