"""A docx returned with real Word comments (批注) at the flagged places (python-docx ≥ 1.2 comments API).

Each body and table paragraph is proofread on its own (its runs' text); for every issue the runs are
split at the issue's edges so the comment spans exactly the flagged characters, then
``Document.add_comment(runs, text, author, initials)`` anchors the comment there.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from govwatch.proofread.inputs import InputError
from govwatch.proofread.issue import TYPE_NAMES, Issue

AUTHOR = "govwatch 自动校对"
INITIALS = "GW"


def docx_paragraphs(doc: Any) -> Iterator[Paragraph]:
    """Body paragraphs, then the paragraphs of every table cell (nested tables included), in order."""
    yield from doc.paragraphs
    seen: set[int] = set()
    stack = list(doc.tables)
    while stack:
        table = stack.pop(0)
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue  # merged cells repeat the same element
                seen.add(id(cell._tc))
                yield from cell.paragraphs
                stack.extend(cell.tables)


def _split(run: Run, at: int) -> Run:
    """Split ``run`` after ``at`` characters; returns the new right-hand run (same formatting)."""
    text = run.text
    right = copy.deepcopy(run._r)
    run._r.addnext(right)
    run.text = text[:at]
    new = Run(right, run._parent)
    new.text = text[at:]
    return new


def _runs_for(paragraph: Paragraph, start: int, end: int) -> list[Run]:
    """The runs covering characters [start, end) of the paragraph, split so they cover exactly that."""
    pos = 0
    for run in list(paragraph.runs):
        length = len(run.text)
        if pos < start < pos + length:
            _split(run, start - pos)
        pos += length
    pos = 0
    for run in list(paragraph.runs):
        length = len(run.text)
        if pos < end < pos + length:
            _split(run, end - pos)
        pos += length
    out, pos = [], 0
    for run in paragraph.runs:
        length = len(run.text)
        if length and start <= pos and pos + length <= end:
            out.append(run)
        pos += length
    return out


def comment_text(issue: Issue) -> str:
    """The comment written for an issue: type, message and suggestion."""
    hint = f" 建议：{issue.suggestion}" if issue.suggestion and issue.suggestion != issue.original else ""
    return f"【{TYPE_NAMES.get(issue.type, issue.type)}】{issue.message}{hint}"


def annotate_docx(data: bytes, check: Callable[[str], list[Issue]], name: str = "文档.docx") -> tuple[bytes, list[Issue]]:
    """Proofread a docx with ``check`` (text → issues) and return (the docx with comments, all issues).

    Issue offsets in the returned list are into the paragraphs joined by '\\n' (as :func:`read_document`
    reads the file). Raises InputError for a file that is not a valid docx.
    """
    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"文件「{name}」不是有效的 docx 文档（可能已损坏、加密或为旧版 doc 格式）。") from exc
    found: list[Issue] = []
    base = 0
    for paragraph in list(docx_paragraphs(doc)):
        text = "".join(r.text for r in paragraph.runs)
        for issue in sorted(check(text), key=lambda i: i.offset, reverse=True):
            runs = _runs_for(paragraph, issue.offset, issue.end)
            if runs:
                doc.add_comment(runs, text=comment_text(issue), author=AUTHOR, initials=INITIALS)
            found.append(_shift(issue, base))
        base += len(text) + 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), sorted(found, key=lambda i: i.offset)


def _shift(issue: Issue, by: int) -> Issue:
    from dataclasses import replace

    return replace(issue, offset=issue.offset + by)


def read_comments(data: bytes) -> list[tuple[str, str]]:
    """(commented text, comment text) pairs of a docx — to verify a round trip."""
    doc = docx.Document(io.BytesIO(data))
    body = doc.element.body
    out = []
    for comment in doc.comments:
        cid = str(comment.comment_id)
        start = body.xpath(f'.//w:commentRangeStart[@w:id="{cid}"]')  # python-docx knows the w: prefix
        text = _range_text(start[0], cid) if start else ""
        out.append((text, comment.text))
    return out


def _range_text(start: Any, cid: str) -> str:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts: list[str] = []
    node = start.getnext()
    while node is not None:
        if node.tag == f"{w}commentRangeEnd" and node.get(f"{w}id") == cid:
            break
        parts.extend(t.text or "" for t in node.iter(f"{w}t"))
        node = node.getnext()
    return "".join(parts)
