"""The registry spreadsheet's shape: column headers, accepted cell values and their stored codes.

A registry workbook has a sheet of sites (网站) and one of new-media accounts (新媒体账号); a csv file
holds one of the two, told apart by its header row. Headers are matched with all whitespace removed;
unknown columns are ignored. Pure functions only (no Django).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit, urlunsplit


class SheetKind(Enum):
    """Which registry a sheet holds; the value is the sheet name of an xlsx workbook."""

    SITES = "网站"
    ACCOUNTS = "新媒体账号"


# Column headers as written in the workbook (also the export order).
SITE_NAME, SITE_URL, SITE_CODE, SITE_UNIT, SITE_LEVEL, SITE_KIND, SITE_PARENT = (
    "网站名称", "首页网址", "网站标识码", "主办单位", "级别", "类型", "上级门户")
ACC_PLATFORM, ACC_NAME, ACC_ID, ACC_UNIT, ACC_LEVEL = "平台", "账号名称", "账号ID/主页", "主办单位", "级别"
ACC_FEED = "订阅地址"  # optional: the account's RSS/Atom feed (RSSHub, wewe-rss …) for the new-media collector

SITE_COLUMNS = (SITE_NAME, SITE_URL, SITE_CODE, SITE_UNIT, SITE_LEVEL, SITE_KIND, SITE_PARENT)
ACCOUNT_COLUMNS = (ACC_PLATFORM, ACC_NAME, ACC_ID, ACC_UNIT, ACC_LEVEL, ACC_FEED)
COLUMNS = {SheetKind.SITES: SITE_COLUMNS, SheetKind.ACCOUNTS: ACCOUNT_COLUMNS}
# A column missing from the header row is an error only for these; the others read as empty cells.
REQUIRED_COLUMNS = {
    SheetKind.SITES: (SITE_NAME, SITE_URL, SITE_UNIT, SITE_LEVEL, SITE_KIND),
    SheetKind.ACCOUNTS: (ACC_PLATFORM, ACC_NAME, ACC_ID, ACC_UNIT, ACC_LEVEL),
}

# Accepted spellings (whitespace removed, case-folded) → stored code (storage.models values).
LEVELS = {"市": "市", "市级": "市", "县": "县", "县级": "县", "区": "县", "区级": "县", "县区": "县",
          "乡镇": "乡镇", "乡镇级": "乡镇", "乡": "乡镇", "镇": "乡镇", "街道": "乡镇"}
SITE_KINDS = {"门户": "portal", "门户网站": "portal", "portal": "portal",
              "部门": "department", "部门网站": "department", "department": "department"}
PLATFORMS = {"微信": "wechat", "微信公众号": "wechat", "wechat": "wechat",
             "微博": "weibo", "新浪微博": "weibo", "weibo": "weibo",
             "抖音": "douyin", "douyin": "douyin",
             "政务app": "app", "app": "app", "客户端": "app", "移动客户端": "app",
             "其他": "other", "其它": "other", "other": "other"}
# Stored code → the spelling written on export (the first the brief names).
LEVEL_LABELS = {"市": "市", "县": "县", "乡镇": "乡镇"}
SITE_KIND_LABELS = {"portal": "门户", "department": "部门"}
PLATFORM_LABELS = {"wechat": "微信", "weibo": "微博", "douyin": "抖音", "app": "政务APP", "other": "其他"}

SITE_CODE_RE = re.compile(r"[0-9A-Za-z]{10}")
# Field lengths of storage.models.registry (a longer cell is a row error, not a database error).
MAX_NAME, MAX_URL, MAX_ACCOUNT_ID = 200, 500, 300

_SPACE = re.compile(r"\s+")
_BAD_HOST = re.compile(r"[\s<>\"{}|\\^`%/@]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def header_key(text: str) -> str:
    """A header cell as matched: every whitespace character (also U+3000, U+00A0) removed."""
    return _SPACE.sub("", text)


def choice_key(text: str) -> str:
    """A level/kind/platform cell as matched: whitespace removed, case-folded (``政务App`` = ``政务APP``)."""
    return _SPACE.sub("", text).casefold()


def cell_text(value: object) -> str:
    """A spreadsheet cell as trimmed text: None → ``""``, a whole float → its integer (Excel stores
    ``3100000001`` typed in a cell as a number), anything else → ``str`` stripped of outer whitespace."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalize_home_url(text: str) -> str:
    """The canonical form of a homepage URL, the natural key of a site in the registry.

    Scheme and host lower case, default port dropped, fragment dropped, empty path → ``/``; path and
    query are kept as written. Raises ValueError (Chinese message) unless ``text`` is an absolute
    http(s) URL with a plausible host and no whitespace.
    """
    if not text or _SPACE.search(text):
        raise ValueError("不是有效网址（不能为空或包含空格）")
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ValueError("不是有效网址（主机名或端口有误）") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("不是有效网址（应以 http:// 或 https:// 开头）")
    if not host or _BAD_HOST.search(host) or "." not in host.strip(".") and host != "localhost":
        raise ValueError("不是有效网址（缺少有效的主机名）")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True)
class RowProblem:
    """One reason a row cannot be imported.

    ``row`` is the row number the user sees in Excel (the header row is row 1 in a plain sheet);
    ``sheet`` is the worksheet name, or the file name for a csv file; ``column`` the header concerned
    (``""`` for the row as a whole); ``message`` Chinese.
    """

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"“{self.sheet}” 第 {self.row} 行" if self.sheet else f"第 {self.row} 行"
        return f"{where}{f'［{self.column}］' if self.column else ''}：{self.message}"


@dataclass(frozen=True)
class Sheet:
    """A registry sheet as read: its kind, name (sheet title or file name) and data rows.

    ``rows`` holds ``(row_number, {header: cell_text})`` for each non-empty row under the header,
    with headers as in :data:`COLUMNS` (a known column absent from the file reads as ``""``).
    """

    kind: SheetKind
    name: str
    rows: tuple[tuple[int, dict[str, str]], ...]
