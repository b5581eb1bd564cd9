"""Import posts from an xlsx/csv export (the shape national and provincial new-media systems export:
账号名称, 平台, 标题, 发布时间, 链接 …). Header spellings are data: ``data/post_export.yaml``.

Rows are matched to registered accounts by (platform, platform id), then (platform, name), then a name
that only one account has. A bad row (no time, unknown account) is reported with its row number, never a
crash. An account without rows is ``CollectResult(ok=False, NO_DATA)`` unless the caller states that the
export covers every account (then it truly posted nothing in the period).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from govwatch.core.clock import utcnow
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Post
from govwatch.sources.base import failed
from govwatch.sources.times import parse_export_time

SOURCE = "import"
HEADERS_FILE = Path(__file__).parent / "data" / "post_export.yaml"
_SPACE = re.compile(r"\s+")
_HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class RowProblem:
    """A row that was not imported: ``row`` 1-based as a spreadsheet shows it (0 = the whole file)."""

    row: int
    message: str


@dataclass(frozen=True)
class ExportRow:
    """One readable row: the account as the export names it, and the post."""

    row: int
    account_name: str
    platform: str
    platform_id: str
    post: Post


@dataclass(frozen=True)
class ImportResult:
    """``results`` one per registered account given; ``unmatched`` account names in the file that match
    no registered account; ``problems`` rows not imported; ``rows`` data rows read."""

    results: tuple[CollectResult, ...]
    unmatched: tuple[str, ...]
    problems: tuple[RowProblem, ...]
    rows: int


@cache
def export_shape() -> Mapping[str, Any]:
    """The header/platform spellings of ``data/post_export.yaml``."""
    data: Mapping[str, Any] = yaml.safe_load(HEADERS_FILE.read_text(encoding="utf-8"))
    return data


def _key(text: object) -> str:
    return _SPACE.sub("", str(text or "")).casefold()


def read_table(path: Path) -> list[list[Any]]:
    """All rows of the first sheet (xlsx) or the csv file (UTF-8 with/without BOM, else GB18030).

    Raises ValueError with a Chinese reason when the file cannot be read.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise ValueError(f"无法读取 Excel 文件 {path.name}：{exc}") from exc
        try:
            return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"无法读取文件 {path.name}：{exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]]:
    shape = export_shape()
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        cells = {_key(c): i for i, c in enumerate(row) if c not in (None, "")}
        columns: dict[str, int] = {}
        for name, spellings in shape["fields"].items():
            found = next((cells[_key(s)] for s in spellings if _key(s) in cells), None)
            if found is not None:
                columns[name] = found
        if all(f in columns for f in shape["required"]):
            return index, columns
    need = "、".join(shape["fields"][f][0] for f in shape["required"])
    raise ValueError(f"未找到表头行（前 {_HEADER_SCAN_ROWS} 行中没有同时包含 {need} 的行）")


def read_export(path: Path | str) -> tuple[list[ExportRow], list[RowProblem]]:
    """The readable rows of an export and the problems of the others; a whole-file problem is row 0."""
    path = Path(path)
    try:
        rows = read_table(path)
        start, columns = _header(rows)
    except ValueError as exc:
        return [], [RowProblem(0, str(exc))]
    out: list[ExportRow] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(c not in (None, "") for c in row):
            continue
        item = _row(number, row, columns)
        if isinstance(item, ExportRow):
            out.append(item)
        else:
            problems.append(item)
    return out, problems


def _cell(row: Sequence[Any], columns: Mapping[str, int], name: str) -> Any:
    i = columns.get(name)
    return row[i] if i is not None and i < len(row) else None


def _text(row: Sequence[Any], columns: Mapping[str, int], name: str) -> str:
    value = _cell(row, columns, name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _row(number: int, row: Sequence[Any], columns: Mapping[str, int]) -> ExportRow | RowProblem:
    shape = export_shape()
    name = _text(row, columns, "account_name")
    raw_time = _cell(row, columns, "published_at")
    published = parse_export_time(raw_time)
    if not name:
        return RowProblem(number, "账号名称为空")
    if published is None:
        return RowProblem(number, f"发布时间无法识别：{raw_time!r}")
    platform = shape["platforms"].get(_key(_text(row, columns, "platform")), "")
    title, url = _text(row, columns, "title"), _text(row, columns, "url")
    platform_id = _text(row, columns, "platform_id")
    post_id = url or hashlib.sha1(f"{name}|{title}|{published.isoformat()}".encode()).hexdigest()[:16]
    comments = _text(row, columns, "comments")
    post = Post(account_id=platform_id or name, post_id=post_id, published_at=published, title=title,
                text=_text(row, columns, "text"), url=url,
                pinned=_key(_text(row, columns, "pinned")) in {_key(v) for v in shape["true_values"]},
                comments=int(comments) if comments.isdigit() else None)
    return ExportRow(number, name, platform, platform_id, post)


class _Matcher:
    """Finds the registered account an export row belongs to."""

    def __init__(self, accounts: Sequence[AccountSpec]) -> None:
        self.by_id = {(a.platform.value, a.platform_id): a for a in accounts if a.platform_id}
        self.by_name = {(a.platform.value, _key(a.name)): a for a in accounts}
        names: dict[str, list[AccountSpec]] = {}
        for a in accounts:
            names.setdefault(_key(a.name), []).append(a)
        self.unique = {k: v[0] for k, v in names.items() if len(v) == 1}

    def find(self, row: ExportRow) -> AccountSpec | None:
        if row.platform and row.platform_id and (row.platform, row.platform_id) in self.by_id:
            return self.by_id[(row.platform, row.platform_id)]
        if row.platform and (row.platform, _key(row.account_name)) in self.by_name:
            return self.by_name[(row.platform, _key(row.account_name))]
        return self.unique.get(_key(row.account_name)) if not row.platform else None


def import_posts(path: Path | str, accounts: Iterable[AccountSpec], *, period_start: datetime | None = None,
                 absent_means_no_posts: bool = False) -> ImportResult:
    """Read an export and give every account in ``accounts`` a CollectResult.

    ``period_start`` (aware) is where the export's period begins: posts from then on are complete
    (``complete_since``); None means the export holds all posts. ``absent_means_no_posts`` states that
    the export covers every account, so an account without rows posted nothing (ok, no posts).
    """
    accounts = list(accounts)
    fetched_at = utcnow()
    rows, problems = read_export(path)
    if problems and problems[0].row == 0:
        msg = f"导出文件 {Path(path).name} 无法导入：{problems[0].message}"
        results = tuple(failed(a, CollectErrorKind.FORMAT_CHANGED, msg, fetched_at, source=SOURCE) for a in accounts)
        return ImportResult(results, (), tuple(problems), 0)
    matcher = _Matcher(accounts)
    found: dict[str, dict[str, Post]] = {a.key: {} for a in accounts}
    unmatched: dict[str, None] = {}
    for row in rows:
        account = matcher.find(row)
        if account is None:
            unmatched[row.account_name] = None
            problems.append(RowProblem(row.row, f"账号「{row.account_name}」不在登记的账号中"))
            continue
        post = replace(row.post, account_id=account.platform_id or account.name)
        found[account.key].setdefault(post.post_id, post)
    results = tuple(_result(a, list(found[a.key].values()), fetched_at, period_start, absent_means_no_posts)
                    for a in accounts)
    return ImportResult(results, tuple(unmatched), tuple(problems), len(rows))


def _result(account: AccountSpec, posts: list[Post], fetched_at: datetime, period_start: datetime | None,
            absent_means_no_posts: bool) -> CollectResult:
    if not posts and not absent_means_no_posts:
        return failed(account, CollectErrorKind.NO_DATA, "导出文件中没有该账号的发布记录，无法判断其更新情况",
                      fetched_at, source=SOURCE)
    posts.sort(key=lambda p: p.published_at, reverse=True)
    return CollectResult(account, tuple(posts), fetched_at, complete_since=period_start, source=SOURCE)
