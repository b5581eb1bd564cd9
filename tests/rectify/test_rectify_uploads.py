"""Attachment checks: extension AND content, 10 MB, Chinese errors."""

from __future__ import annotations

import pytest
from rectifykit import PDF, PNG, docx_bytes

from govwatch.services.rectification.uploads import MAX_BYTES, Upload, UploadRejected, check, check_all


def test_allowed_files_pass_with_their_type() -> None:
    assert check(Upload("整改报告.pdf", PDF)) == "pdf"
    assert check(Upload("截图.PNG", PNG)) == "png"
    assert check(Upload("说明.docx", docx_bytes())) == "docx"
    assert check(Upload("photo.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 10)) == "jpg"


@pytest.mark.parametrize(("name", "data", "why"), [
    ("run.exe", b"MZ\x90\x00", "类型不允许"),
    ("报告.pdf", b"MZ\x90\x00 not a pdf", "内容与扩展名 .pdf 不符"),
    ("表格.xlsx", docx_bytes(), "内容与扩展名 .xlsx 不符"),  # a zip without xl/
    ("空.pdf", b"", "空文件"),
    ("noext", PDF, "类型不允许"),
])
def test_bad_files_are_refused_in_chinese(name: str, data: bytes, why: str) -> None:
    with pytest.raises(UploadRejected, match=why):
        check(Upload(name, data))


def test_size_and_count_limits() -> None:
    with pytest.raises(UploadRejected, match="超过 10 MB"):
        check(Upload("大.pdf", PDF + b"0" * MAX_BYTES))
    with pytest.raises(UploadRejected, match="最多上传 10 个"):
        check_all([Upload(f"{i}.pdf", PDF) for i in range(11)])
