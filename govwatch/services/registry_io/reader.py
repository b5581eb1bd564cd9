"""Reading a registry file (xlsx workbook or csv) into :class:`~.schema.Sheet` values.

xlsx: the sheets named 网站 and 新媒体账号 (names trimmed); a sheet with another name is used when its
header row shows which registry it holds and no sheet of that kind is named. csv: UTF-8 with or without
BOM, or GB18030/GBK as Excel in China saves it (detected with charset-normalizer); its header row tells
which registry it holds. The header row is the first of the first rows that names at least two columns
of a registry (a title row above it is allowed); row numbers are the ones Excel shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from govwatch.core.errors import UsageError
from govwatch.services.registry_io.schema import (
    COLUMNS,
    REQUIRED_COLUMNS,
    Sheet,
    SheetKind,
    cell_text,
    header_key,
)

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
_HEADER_SEARCH_ROWS = 10
_CHINESE_CODECS = ("gb2312", "gbk", "gb18030", "hz", "cp936")
# 主办单位 and 级别 are in both registries; the other columns tell them apart.
_DISTINCT = {kind: set(cols) - {"主办单位", "级别"} for kind, cols in COLUMNS.items()}


class RegistryFileError(UsageError):
    """The file as a whole cannot be read as a registry (unreadable, unknown format or encoding, no
    sheet of sites or accounts, required columns missing); the message (Chinese) names the file."""


def read_registry(path: Path) -> list[Sheet]:
    """The sheets of the registry file at ``path`` (``.xlsx``/``.xlsm`` or ``.csv``/``.txt``).

    Raises RegistryFileError for a file that cannot be read as a registry.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    if suffix == ".xls":
        raise RegistryFileError(f"{path.name}：不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv")
    raise RegistryFileError(f"{path.name}：只支持 .xlsx 和 .csv 文件")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RegistryFileError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    data = _read_bytes(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RegistryFileError(f"{path.name} 不是有效的 xlsx 文件：{exc}") from exc
    tables = {ws.title.strip(): [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
              for ws in book.worksheets}
    # An empty sheet (a blank 新媒体账号 tab of a template) is no registry; a header-only one is.
    tables = {name: rows for name, rows in tables.items() if any(any(row) for row in rows)}
    return _pick_sheets(path.name, tables)


def _pick_sheets(file_name: str, tables: dict[str, list[list[str]]]) -> list[Sheet]:
    named = {kind: name for kind in SheetKind for name in tables if name == kind.value}
    guessed: dict[SheetKind, list[str]] = {}
    for name, rows in tables.items():
        kind = _guess_kind(rows)
        if name not in named.values() and kind is not None and kind not in named:
            guessed.setdefault(kind, []).append(name)
    for kind, names in guessed.items():
        if len(names) > 1:
            raise RegistryFileError(f"{file_name}：工作表 {'、'.join(names)} 都像{kind.value}表，"
                                    f"请把要导入的那张命名为“{kind.value}”")
        named[kind] = names[0]
    if not named:
        raise RegistryFileError(f"{file_name}：没有找到名为“网站”或“新媒体账号”的工作表")
    return [_sheet(kind, name, tables[name], file_name) for kind, name in sorted(
        named.items(), key=lambda item: list(SheetKind).index(item[0]))]


def _guess_kind(rows: Sequence[Sequence[str]]) -> SheetKind | None:
    found = _find_header(rows)
    return found[1] if found else None


def _find_header(rows: Sequence[Sequence[str]]) -> tuple[int, SheetKind] | None:
    """(index of the header row, kind) from the first rows, or None."""
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {header_key(c) for c in row}
        best = max(SheetKind, key=lambda k: len(keys & _DISTINCT[k]))
        if len(keys & _DISTINCT[best]) >= 2:
            return index, best
    return None


def _sheet(kind: SheetKind, name: str, rows: list[list[str]], file_name: str) -> Sheet:
    found = _find_header(rows)
    header_index = found[0] if found and found[1] is kind else 0
    header = [header_key(c) for c in rows[header_index]] if rows else []
    where = f"{file_name} 的工作表“{name}”" if name != file_name else file_name
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in header]
    if missing:
        raise RegistryFileError(f"{where}缺少必需的列：{'、'.join(missing)}"
                                f"（{kind.value}表的列为：{'、'.join(COLUMNS[kind])}）")
    twice = sorted({c for c in COLUMNS[kind] if header.count(c) > 1})
    if twice:
        raise RegistryFileError(f"{where}的表头中 {'、'.join(twice)} 出现了不止一次")
    where_col = {c: header.index(c) for c in COLUMNS[kind] if c in header}
    data = []
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if any(row):
            data.append((number, {c: row[i] if i < len(row) else "" for c, i in where_col.items()}
                         | {c: "" for c in COLUMNS[kind] if c not in where_col}))
    return Sheet(kind, name, tuple(data))


def _read_csv(path: Path) -> Sheet:
    text = decode_csv(_read_bytes(path), path.name)
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = [[cell_text(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    found = _find_header(rows)
    if found is None:
        raise RegistryFileError(f"{path.name}：无法从表头判断是网站表还是新媒体账号表；网站表的列为 "
                                f"{'、'.join(COLUMNS[SheetKind.SITES])}，新媒体账号表的列为 "
                                f"{'、'.join(COLUMNS[SheetKind.ACCOUNTS])}")
    return _sheet(found[1], path.name, rows, path.name)


def decode_csv(data: bytes, file_name: str) -> str:
    """Text of a csv file: UTF-8 (BOM or not) or UTF-16 with BOM; otherwise the encoding that
    charset-normalizer detects, read as GB18030 (the superset) when it is a Chinese GB code page.

    Raises RegistryFileError when no encoding fits.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, codec, file_name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise RegistryFileError(f"{file_name}：无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 csv")
    codec = "gb18030" if best.encoding in _CHINESE_CODECS else best.encoding
    return _decode(data, codec, file_name)


def _decode(data: bytes, codec: str, file_name: str) -> str:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RegistryFileError(f"{file_name}：按 {codec} 编码无法读取（{exc}），请另存为 UTF-8 的 csv") from exc

