"""Evidence JSON of a finding made readable (issue #4 §1): labelled lines whose parts are text or links.

Pure Python over the stored ``evidence`` dict: URLs become links, ISO dates and times are shown in Beijing
time, nested lists and dicts are flattened to at most ``MAX_ITEMS`` entries so a dead-link finding with
thousands of pages stays readable. Unknown keys keep their name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from govwatch.core.clock import CHINA_TZ

MAX_ITEMS = 20
MAX_TEXT = 300
URL = re.compile(r"^https?://\S+$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

LABELS = {
    "url": "网址", "urls": "网址", "link": "链接", "links": "链接", "page": "所在页面", "pages": "所在页面",
    "status": "HTTP 状态", "title": "标题", "text": "文字", "snippet": "片段", "context": "上下文",
    "count": "数量", "reason": "原因", "column": "栏目", "latest": "最新信息日期", "today": "检查日期",
    "days": "天数", "limit_days": "时限（天）", "limit_workdays": "时限（工作日）", "threshold": "阈值",
    "period": "周期", "ratio": "失败率", "failures": "失败次数", "probes_counted": "有效探测次数",
    "probes_taken": "探测次数", "words": "词语", "word": "词语", "suggestion": "建议改为", "home_url": "首页",
    "missing": "缺少", "expected": "应为", "found": "实际", "name": "名称", "kind": "类型", "type": "类型",
    "from": "来源", "to": "目标", "host": "主机", "headers": "响应头", "grade": "评级", "score": "得分",
    "verdict": "结论", "posts": "信息", "screenshot": "截图", "source": "依据", "error": "错误",
    "seconds": "耗时（秒）", "level": "级别", "policy_url": "政策文件", "path": "路径",
}


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
    """The evidence dict as labelled lines (keys in stored order; tracebacks left out)."""
    out = []
    for key, value in (evidence or {}).items():
        if key == "traceback" or value in (None, "", [], {}):
            continue
        out.append(Line(LABELS.get(key, key), tuple(_parts(value))))
    return out


def _parts(value: Any) -> list[Part]:
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        out = [Part(f"{LABELS.get(str(k), str(k))}：{_scalar(v)}") for k, v in items if not _is_url(v)]
        out += [Part(str(v), str(v)) for _, v in items if _is_url(v)]
        return out + _more(len(value))
    if isinstance(value, list | tuple):
        out = [p for item in value[:MAX_ITEMS] for p in _parts(item)]
        return out + _more(len(value))
    if _is_url(value):
        return [Part(str(value), str(value))]
    return [Part(_scalar(value))]


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
