"""A self-contained HTML view of a proofread text: the text with highlighted issues and a table of them.

Everything is escaped (the text may come from a hostile page); the CSS is inline; no script, no external
resource. Overlapping issues: the first (by offset) is highlighted, all are listed in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from govwatch.proofread.issue import TYPE_NAMES, Issue

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;line-height:1.8;color:#222}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fafafa}
mark{padding:0 1px;border-radius:2px}
mark.serious_error{background:#f8b4b4}mark.typo{background:#fde68a}mark.outdated_name{background:#bfdbfe}
mark.sensitive{background:#e9d5ff}mark.pii{background:#bbf7d0}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
"""


def _css_class(issue: Issue) -> str:
    return issue.type.split(".", 1)[-1]


def highlight(text: str, issues: Sequence[Issue]) -> str:
    """``text`` escaped, with each non-overlapping issue wrapped in ``<mark class=… title=…>``."""
    parts: list[str] = []
    pos = 0
    for n, issue in enumerate(sorted(issues, key=lambda i: (i.offset, -i.length)), start=1):
        if issue.offset < pos or issue.end > len(text):
            continue
        parts.append(escape(text[pos:issue.offset]))
        shown = issue.original if issue.type == "privacy.pii" else text[issue.offset:issue.end]
        parts.append(f'<mark class="{_css_class(issue)}" id="i{n}" title="{escape(issue.message)}">{escape(shown)}</mark>')
        pos = issue.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def render_html(text: str, issues: Sequence[Issue], title: str = "校对结果", notes: Sequence[str] = ()) -> str:
    """A whole HTML document (UTF-8) showing ``text`` with ``issues`` highlighted and listed."""
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(TYPE_NAMES.get(i.type, i.type))}</td><td>{i.offset}</td>"
        f"<td>{escape(i.original)}</td><td>{escape(i.suggestion)}</td><td>{escape(i.message)}</td>"
        f"<td>{i.confidence:.2f}</td><td>{escape(i.rule)}</td></tr>"
        for n, i in enumerate(sorted(issues, key=lambda i: (i.offset, -i.length)), start=1))
    note_html = "".join(f"<p class=\"note\">{escape(n)}</p>" for n in notes)
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>{note_html}"
            f"<p>共发现 {len(issues)} 处问题。</p><div class=\"text\">{highlight(text, issues)}</div>"
            "<table><thead><tr><th>序号</th><th>类型</th><th>位置</th><th>原文</th><th>建议</th><th>说明</th>"
            f"<th>置信度</th><th>规则/模型</th></tr></thead><tbody>{rows}</tbody></table></body></html>")
