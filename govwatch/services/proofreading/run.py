"""Use cases of the proofreading service: prepare an input (text, file, URL), proofread it with the
knowledge base in use, write the HTML view and the commented docx, and keep a job in the history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from govwatch.core.clock import utcnow
from govwatch.proofread.docx_comments import annotate_docx
from govwatch.proofread.engine import DEFAULT, NO_TYPO_MODEL, ProofreadResult, proofread
from govwatch.proofread.inputs import InputError, main_text, read_document
from govwatch.proofread.issue import Issue
from govwatch.proofread.kb import KnowledgeBase
from govwatch.proofread.render import render_html
from govwatch.services.proofreading.fetch import fetch_page
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import ProofreadJob

MAX_TEXT_CHARS = 500_000
TYPO_OFF = "本次按要求未检查错别字，仅进行了知识库与个人信息检查。"


@dataclass(frozen=True)
class Prepared:
    """An input ready to proofread: ``kind`` text/url/file, ``name`` (file name or URL), ``size`` (bytes
    for a file or page, characters for text), ``text``, ``docx`` the original bytes of a .docx file (to
    return it with comments), ``notes`` (Chinese: limits hit)."""

    kind: str
    name: str
    size: int
    text: str
    docx: bytes | None = None
    notes: tuple[str, ...] = ()


def prepare_text(text: str, name: str = "粘贴文本") -> Prepared:
    """Plain text; InputError when empty or over 500,000 characters."""
    if not text.strip():
        raise InputError("没有需要校对的文字（输入为空）。")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"文本共 {len(text)} 字，超过 {MAX_TEXT_CHARS} 字的上限，请分段校对。")
    return Prepared("text", name, len(text), text)


def prepare_file(data: bytes, name: str, **limits: int) -> Prepared:
    """An uploaded file (txt, docx, xlsx, pdf); InputError (Chinese) for a bad, encrypted, oversized or
    unsupported one (see govwatch.proofread.inputs)."""
    doc = read_document(data, name, **limits)
    if not doc.text.strip():
        raise InputError(f"文件「{name}」中没有可校对的文字。" + "".join(doc.notes))
    return Prepared("file", name, len(data), doc.text, data if doc.kind == "docx" else None, doc.notes)


def prepare_url(url: str, timeout: float = 15.0, resolve: Mapping[tuple[str, int], str] | None = None) -> Prepared:
    """The main text of the page at ``url`` (trafilatura); InputError for a dead URL or a page without text."""
    page = fetch_page(url, timeout, resolve)
    text = main_text(page.html, page.final_url)
    if not text.strip():
        raise InputError(f"网址 {url} 的网页中没有可校对的正文。")
    return Prepared("url", url, page.size, text)


@dataclass(frozen=True)
class Checked:
    """A proofread input: the engine's ``result`` and, for a docx, the document with Word comments."""

    prepared: Prepared
    result: ProofreadResult
    docx: bytes | None = None
    notes: tuple[str, ...] = field(default=())


def check(prepared: Prepared, kb: KnowledgeBase, *, typo: object = DEFAULT, site: str = "",
          today: date | None = None) -> Checked:
    """Proofread ``prepared`` with ``kb``; a docx is annotated paragraph by paragraph (offsets into its
    paragraphs joined by newlines, as its text was read)."""
    if prepared.docx is None:
        result = proofread(prepared.text, kb, typo=typo, site=site, today=today)
        return Checked(prepared, result, None, prepared.notes + _notes(result.notes, typo))
    last: list[ProofreadResult] = []

    def one(text: str) -> list[Issue]:
        res = proofread(text, kb, typo=typo, site=site, today=today)
        last.append(res)
        return list(res.issues)

    data, issues = annotate_docx(prepared.docx, one, prepared.name)
    backend = next((r.typo_backend for r in last if r.typo_backend), "")
    notes = tuple(dict.fromkeys(n for r in last for n in r.notes))
    result = ProofreadResult(prepared.text, tuple(issues), kb.version, backend, notes)
    return Checked(prepared, result, data, prepared.notes + _notes(notes, typo))


def _notes(notes: tuple[str, ...], typo: object) -> tuple[str, ...]:
    """The engine's notes; with the typo check turned off on purpose, say so instead of 'no model'."""
    if typo is not None:
        return notes
    return (*(n for n in notes if n != NO_TYPO_MODEL), TYPO_OFF)


def counts_of(issues: Sequence[Issue]) -> dict[str, int]:
    """{issue type: number} of ``issues``."""
    return dict(Counter(i.type for i in issues))


def result_json(checked: Checked) -> dict[str, Any]:
    """The JSON form of a result (stored with the job, printed by ``--json``)."""
    r = checked.result
    return {"kind": checked.prepared.kind, "name": checked.prepared.name, "size": checked.prepared.size,
            "kb_version": r.kb_version, "typo_backend": r.typo_backend, "notes": list(checked.notes),
            "counts": counts_of(r.issues), "issues": [i.as_dict() for i in r.issues]}


def write_outputs(checked: Checked, out_dir: Path, stem: str = "校对结果") -> dict[str, str]:
    """Write ``<stem>.html`` (highlighted view) and, for a docx, ``<stem>.docx`` under ``out_dir``;
    returns {'html'|'docx': path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / f"{stem}.html"
    html.write_text(render_html(checked.result.text, checked.result.issues, f"校对结果：{checked.prepared.name}",
                                checked.notes), encoding="utf-8")
    files = {"html": str(html)}
    if checked.docx is not None:
        path = out_dir / f"{stem}.docx"
        path.write_bytes(checked.docx)
        files["docx"] = str(path)
    return files


def add_outputs(job: ProofreadJob, files: Mapping[str, Path]) -> None:
    """Record more output files of ``job`` (e.g. the copies a CLI user asked for)."""
    q.add_outputs(job, {kind: str(path) for kind, path in files.items()})


def run_job(prepared: Prepared, kb: KnowledgeBase, *, user_id: int | None = None, now: datetime | None = None,
            out_dir: Path | None = None, typo: object = DEFAULT, site: str = "") -> tuple[ProofreadJob, Checked]:
    """Proofread ``prepared`` as a job of account ``user_id`` (None: anonymous), kept in the history with
    its counts, result and output files (written under ``out_dir/job-<id>`` when given)."""
    now = now or utcnow()
    job = q.start_job(kind=prepared.kind, name=prepared.name, size=prepared.size, now=now, user_id=user_id)
    try:
        checked = check(prepared, kb, typo=typo, site=site, today=None)
    except InputError as exc:
        q.fail_job(job, now, str(exc))
        raise
    outputs = write_outputs(checked, out_dir / f"job-{job.id}") if out_dir is not None else {}
    q.finish_job(job, now, counts=counts_of(checked.result.issues), kb_version=checked.result.kb_version,
                 result=result_json(checked), outputs=outputs)
    return job, checked
