"""Inputs of the proofreading engine: HTML main text and uploaded files (txt, docx, xlsx, pdf).

A bad, encrypted, oversized or unsupported file raises :class:`InputError` with a Chinese message for the
user — never another exception. Limits: ``max_bytes`` (default 20 MB) per file, ``max_pages`` (default
200) PDF pages read (further pages are left out with a note), ``max_chars`` (default 500,000) characters.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from govwatch.extract.html import content_text

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
MAX_CHARS = 500_000
KINDS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf"}


class InputError(ValueError):
    """The input cannot be read; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Document:
    """Text read from an input: ``kind`` (txt/docx/xlsx/pdf/html), ``text``, ``notes`` (Chinese: limits hit)."""

    name: str
    kind: str
    text: str
    notes: tuple[str, ...] = ()


def main_text(html: str, url: str = "") -> str:
    """The article's main text via trafilatura (article pages), falling back to the page text without
    navigation/header/footer when trafilatura finds none. '' for an empty page; never raises.

    trafilatura runs in its fast mode first (no comparison with its fallback extractors: ~40 % less
    time, the same text on article pages) and in full mode only when the fast mode finds nothing."""
    if not html or not html.strip():
        return ""
    try:
        import trafilatura

        text = None
        for fast in (True, False):
            text = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=True,
                                       favor_precision=True, deduplicate=False, fast=fast)
            if text:
                break
    except Exception:  # a library failure on odd markup must not stop a scan
        text = None
    return text.strip() if text else content_text(html)


def kind_of(name: str) -> str:
    """'txt', 'docx', 'xlsx' or 'pdf' from the file name; InputError for any other type."""
    kind = KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise InputError(f"不支持的文件类型「{Path(name).suffix or name}」：请上传 txt、docx、xlsx 或 pdf 文件"
                         "（doc、xls 请先另存为 docx、xlsx）。")
    return kind


def read_document(data: bytes, name: str, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
                  max_chars: int = MAX_CHARS) -> Document:
    """Read the text of an uploaded file ``data`` called ``name``. Raises InputError (Chinese message)."""
    kind = kind_of(name)
    if len(data) > max_bytes:
        raise InputError(f"文件「{name}」大小为 {len(data) / 1048576:.1f} MB，超过 {max_bytes / 1048576:.0f} MB 的上限。")
    if not data:
        raise InputError(f"文件「{name}」是空文件。")
    reader = {"txt": _txt, "docx": _docx, "xlsx": _xlsx, "pdf": _pdf}[kind]
    text, notes = reader(data, name, max_pages)
    if len(text) > max_chars:
        text = text[:max_chars]
        notes = (*notes, f"文本超过 {max_chars} 字，仅检查了前 {max_chars} 字。")
    return Document(name, kind, text, tuple(notes))


def read_path(path: Path | str, **limits: int) -> Document:
    """:func:`read_document` for a file on disk; InputError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件「{path.name}」：{exc.strerror or exc}") from exc
    return read_document(data, path.name, **limits)


def _txt(data: bytes, name: str, max_pages: int) -> tuple[str, tuple[str, ...]]:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec), ()
        except UnicodeDecodeError:
            continue
    raise InputError(f"文件「{name}」不是 UTF-8 或 GBK 编码的文本文件。")


def _docx(data: bytes, name: str, max_pages: int) -> tuple[str, tuple[str, ...]]:
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"文件「{name}」不是有效的 docx 文档（可能已损坏、加密或为旧版 doc 格式）：{exc}") from exc
    from govwatch.proofread.docx_comments import docx_paragraphs

    return "\n".join("".join(r.text for r in p.runs) for p in docx_paragraphs(doc)), ()


def _xlsx(data: bytes, name: str, max_pages: int) -> tuple[str, tuple[str, ...]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(f"文件「{name}」不是有效的 xlsx 表格（可能已损坏、加密或为旧版 xls 格式）。") from exc
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells = [str(v) for v in row if v is not None and str(v).strip()]
                if cells:
                    lines.append("\t".join(cells))
    finally:
        book.close()
    return "\n".join(lines), ()


def _pdf(data: bytes, name: str, max_pages: int) -> tuple[str, tuple[str, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"文件「{name}」是加密的 PDF，请提供未加密的文件。")
        pages = reader.pages
        total = len(pages)
        texts = [(pages[i].extract_text() or "") for i in range(min(total, max_pages))]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise InputError(f"文件「{name}」是加密的 PDF，请提供未加密的文件。") from exc
        raise InputError(f"文件「{name}」不是有效的 PDF 文档（可能已损坏）：{exc}") from exc
    notes: list[str] = []
    if total > max_pages:
        notes.append(f"PDF 共 {total} 页，超过 {max_pages} 页的上限，仅检查了前 {max_pages} 页。")
    text = "\n".join(texts)
    if not text.strip():
        notes.append("PDF 没有文字层（可能是扫描件），未能提取文字。")
    return text, tuple(notes)
