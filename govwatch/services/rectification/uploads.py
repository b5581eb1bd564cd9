"""Checks on the files a unit attaches to its response (issue #4 §7: uploads limited in size and type).

Allowed: pdf, doc, docx, xls, xlsx, jpg/jpeg, png, zip, at most 10 MB each, 10 files per response. The
type is checked twice: by the file name's extension and by the content's leading bytes (magic numbers:
``%PDF-``, OLE2 ``D0 CF 11 E0`` for doc/xls, ZIP ``PK\\x03\\x04`` for docx/xlsx/zip, JPEG ``FF D8 FF``, PNG
signature). A docx/xlsx must also hold its main part (``word/`` or ``xl/``). Errors are Chinese.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from govwatch.core.errors import UsageError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",), "doc": (OLE2,), "xls": (OLE2,), "docx": (ZIP,), "xlsx": (ZIP,), "zip": (ZIP, b"PK\x05\x06"),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",),
}
OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
ALLOWED_TEXT = "PDF、Word（doc/docx）、Excel（xls/xlsx）、JPG、PNG、ZIP"


class UploadRejected(UsageError):
    """A file was refused; the message names it and says why (Chinese)."""


@dataclass(frozen=True)
class Upload:
    """A file as received: original ``name`` and its bytes."""

    name: str
    data: bytes


def extension(name: str) -> str:
    """Lower-case extension without the dot ('' when none)."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _ooxml_ok(kind: str, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n.startswith(OOXML_PART[kind]) for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def check(upload: Upload) -> str:
    """The file's type ('pdf', 'docx' …; jpeg → 'jpg') or UploadRejected: empty, over 10 MB, extension
    not allowed, or content not matching the extension."""
    name, data = upload.name or "（未命名）", upload.data
    kind = extension(name)
    if kind not in MAGIC:
        raise UploadRejected(f"附件“{name}”的类型不允许上传；仅支持 {ALLOWED_TEXT}")
    if not data:
        raise UploadRejected(f"附件“{name}”是空文件")
    check_size(name, len(data))
    if not data.startswith(MAGIC[kind]) or (kind in OOXML_PART and not _ooxml_ok(kind, data)):
        raise UploadRejected(f"附件“{name}”的内容与扩展名 .{kind} 不符，可能已损坏或被改名，请检查后重新上传")
    return "jpg" if kind == "jpeg" else kind


def check_size(name: str, size: int) -> None:
    """UploadRejected when ``size`` bytes exceed 10 MB (before reading the file)."""
    if size > MAX_BYTES:
        raise UploadRejected(f"附件“{name}”大小为 {size / 1048576:.1f} MB，超过 10 MB 的限制")


def check_all(uploads: list[Upload]) -> list[str]:
    """Types of every upload, in order; UploadRejected on the first bad one or more than 10 files."""
    if len(uploads) > MAX_FILES:
        raise UploadRejected(f"每次反馈最多上传 {MAX_FILES} 个附件")
    return [check(u) for u in uploads]


MAX_NAME = 200
"""Attachment.name's max_length (characters)."""


def short_name(name: str, most: int = MAX_NAME) -> str:
    """The original file name cut to ``most`` characters by shortening the stem, so the extension (what
    the download is opened with) survives: 'x'*300 + '.pdf' → 'x'*196 + '.pdf'. Directory parts a
    browser may send ('C:\\\\a\\\\b.pdf') are dropped first."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or name.strip()
    if len(base) <= most:
        return base
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        return base[:most]
    return stem[: most - len(ext) - 1] + "." + ext
