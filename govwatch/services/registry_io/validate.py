"""Row validation of registry sheets: every bad row is reported with its row number and a Chinese reason.

Sites: 网站名称, 首页网址 (absolute http(s) URL, unique in the file even up to http/https and a trailing
slash), 主办单位, 级别 (市/县/乡镇) and 类型 (门户/部门) are required; 网站标识码 is optional but, when
given, 10 digits or letters, unique in the file and not held by another registered site; 上级门户 (a portal's
首页网址 or 网站名称, found in the file or the database) is required for a department site. Accounts:
every column but 订阅地址 (an optional http(s) feed URL for the new-media collector) is required;
平台 is 微信/微博/抖音/政务APP/其他; (平台, 账号ID/主页) is unique in the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from govwatch.services.registry_io.schema import (
    ACC_FEED,
    ACC_ID,
    ACC_LEVEL,
    ACC_NAME,
    ACC_PLATFORM,
    ACC_UNIT,
    LEVELS,
    MAX_ACCOUNT_ID,
    MAX_NAME,
    MAX_URL,
    PLATFORMS,
    REQUIRED_COLUMNS,
    SITE_CODE,
    SITE_CODE_RE,
    SITE_KIND,
    SITE_KINDS,
    SITE_LEVEL,
    SITE_NAME,
    SITE_PARENT,
    SITE_UNIT,
    SITE_URL,
    RowProblem,
    Sheet,
    SheetKind,
    choice_key,
    normalize_home_url,
)
from govwatch.storage.registry_queries import AccountRecord, KnownSite, SiteRecord

_REQUIRED_SITE_CELLS = (SITE_NAME, SITE_URL, SITE_UNIT, SITE_LEVEL, SITE_KIND)
_LIMITS = {SITE_NAME: MAX_NAME, SITE_UNIT: MAX_NAME, SITE_URL: MAX_URL, ACC_NAME: MAX_NAME,
           ACC_UNIT: MAX_NAME, ACC_ID: MAX_ACCOUNT_ID, ACC_FEED: MAX_URL}


def safe_key(url: str) -> str:
    """``normalize_home_url(url)``, or ``url`` itself when it is no valid URL (a row stored by hand)."""
    try:
        return normalize_home_url(url)
    except ValueError:
        return url


def same_site_key(url: str) -> str:
    """The homepage URL without its scheme and trailing slashes (``www.x.gov.cn/col``): two URLs with
    the same key are the same site spelled differently (http/https, ``/col`` vs ``/col/``)."""
    parts = urlsplit(safe_key(url))
    path = parts.path.rstrip("/")
    return f"{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")


@dataclass
class _SiteDraft:
    """A site row while it is checked: what parsed so far (``""`` where the cell was bad)."""

    row: int
    cells: dict[str, str]
    url: str = ""
    level: str = ""
    kind: str = ""
    parent: str = ""


class _Checker:
    """Collects the problems of one sheet."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.problems: list[RowProblem] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.sheet.name, row, column, message))

    def required(self, row: int, cells: dict[str, str], columns: Sequence[str]) -> None:
        for column in columns:
            if not cells[column]:
                self.add(row, column, f"{column}不能为空")
            elif len(cells[column]) > _LIMITS.get(column, 10_000):
                self.add(row, column, f"{column}过长（{len(cells[column])} 字，最多 {_LIMITS[column]} 字）")

    def choice(self, row: int, column: str, value: str, allowed: dict[str, str], labels: str) -> str:
        if not value:
            return ""
        code = allowed.get(choice_key(value), "")
        if not code:
            self.add(row, column, f"{column}“{value}”无效，应为 {labels}")
        return code


def validate_sites(sheet: Sheet, known: Sequence[KnownSite]) -> tuple[list[SiteRecord], list[RowProblem]]:
    """The site records of ``sheet`` and the problems of its rows (records are meaningful only when
    there is no problem). ``known`` are the sites already in the database, for 上级门户."""
    check = _Checker(sheet)
    drafts = [_site_draft(check, number, cells) for number, cells in sheet.rows]
    _check_duplicates(check, drafts)
    existing = _match_existing(check, drafts, known)
    _resolve_parents(check, drafts, known)
    records = [SiteRecord(d.url, d.cells[SITE_NAME], d.cells[SITE_CODE], d.cells[SITE_UNIT], d.level, d.kind,
                          d.parent) for d in drafts]
    return [dataclasses.replace(r, existing_url=existing.get(i, "")) for i, r in enumerate(records)], check.problems


def _check_duplicates(check: _Checker, drafts: list[_SiteDraft]) -> None:
    """Two rows of the file for one site: the same 首页网址 (also up to http/https and a trailing
    slash) or the same 网站标识码."""
    by_url: dict[str, int] = {}
    by_key: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for d in drafts:
        if d.url:
            key = same_site_key(d.url)
            if d.url in by_url:
                check.add(d.row, SITE_URL, f"首页网址与第 {by_url[d.url]} 行重复")
            elif key in by_key:
                check.add(d.row, SITE_URL, f"首页网址与第 {by_key[key]} 行是同一网站（仅协议或末尾斜杠不同）")
            by_url.setdefault(d.url, d.row)
            by_key.setdefault(key, d.row)
        code = d.cells[SITE_CODE]
        if code and SITE_CODE_RE.fullmatch(code):
            if code in by_code:
                check.add(d.row, SITE_CODE, f"网站标识码“{code}”与第 {by_code[code]} 行重复")
            by_code.setdefault(code, d.row)


def _match_existing(check: _Checker, drafts: list[_SiteDraft], known: Sequence[KnownSite]) -> dict[int, str]:
    """For each draft (by index) the stored home_url of the registered site it updates: the one with the
    same normalised URL, else the same URL up to http/https and a trailing slash, else the same
    网站标识码. A 网站标识码 held by another registered site than the one the URL names, or two rows
    updating one site, is a row problem."""
    by_url = {safe_key(k.home_url): k for k in known}
    by_key: dict[str, KnownSite] = {}
    by_code: dict[str, KnownSite] = {}
    for k in known:
        by_key.setdefault(same_site_key(k.home_url), k)
        if k.site_id_code:
            by_code.setdefault(k.site_id_code, k)
    out: dict[int, str] = {}
    claimed: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if not d.url:
            continue
        code = d.cells[SITE_CODE]
        by_site = by_url.get(d.url) or by_key.get(same_site_key(d.url))
        holder = by_code.get(code) if code else None
        if by_site is not None and holder is not None and holder.home_url != by_site.home_url:
            check.add(d.row, SITE_CODE, f"网站标识码“{code}”已属于已登记的另一网站 {holder.name}（{holder.home_url}）")
            continue
        match = by_site or holder
        if match is None:
            continue
        if match.home_url in claimed:
            check.add(d.row, SITE_URL, f"与第 {claimed[match.home_url]} 行对应同一已登记网站 {match.name}（{match.home_url}）")
            continue
        claimed[match.home_url] = d.row
        out[i] = match.home_url
    return out


def _site_draft(check: _Checker, row: int, cells: dict[str, str]) -> _SiteDraft:
    check.required(row, cells, _REQUIRED_SITE_CELLS)
    draft = _SiteDraft(row, cells)
    if cells[SITE_URL]:
        try:
            draft.url = normalize_home_url(cells[SITE_URL])
        except ValueError as exc:
            check.add(row, SITE_URL, f"“{cells[SITE_URL]}”{exc}")
    code = cells[SITE_CODE]
    if code and not SITE_CODE_RE.fullmatch(code):
        check.add(row, SITE_CODE, f"网站标识码“{code}”应为 10 位数字或字母（现为 {len(code)} 位）")
    draft.level = check.choice(row, SITE_LEVEL, cells[SITE_LEVEL], LEVELS, "市、县 或 乡镇")
    draft.kind = check.choice(row, SITE_KIND, cells[SITE_KIND], SITE_KINDS, "门户 或 部门")
    return draft


def _resolve_parents(check: _Checker, drafts: list[_SiteDraft], known: Sequence[KnownSite]) -> None:
    """Fill each draft's ``parent`` (a normalised homepage URL) from its 上级门户 cell, reporting a
    parent that is missing, ambiguous, not a portal, the site itself or part of a loop."""
    in_file = {d.url for d in drafts if d.url}
    kinds = {safe_key(k.home_url): k.kind for k in known}
    names: dict[str, set[str]] = {}
    for k in known:
        if safe_key(k.home_url) not in in_file:
            names.setdefault(k.name, set()).add(safe_key(k.home_url))
    file_names: dict[str, set[str]] = {}
    for d in drafts:
        if d.url:
            kinds[d.url] = d.kind
            file_names.setdefault(d.cells[SITE_NAME], set()).add(d.url)
    for d in drafts:
        _resolve_parent(check, d, kinds, file_names, names)
    parents = {safe_key(k.home_url): safe_key(k.parent_url) for k in known if k.parent_url}
    parents.update({d.url: d.parent for d in drafts if d.url})
    for d in drafts:
        loop = _loop(d.url, parents)
        if loop:
            check.add(d.row, SITE_PARENT, "上级门户形成循环：" + " → ".join(loop))


def _resolve_parent(check: _Checker, d: _SiteDraft, kinds: dict[str, str],
                    file_names: dict[str, set[str]], names: dict[str, set[str]]) -> None:
    cell = d.cells[SITE_PARENT]
    if not cell:
        if d.kind == "department":
            check.add(d.row, SITE_PARENT, "部门网站必须填写上级门户（门户网站的首页网址或网站名称）")
        return
    if "://" in cell:
        try:
            matches = {normalize_home_url(cell)} & set(kinds)
        except ValueError as exc:
            check.add(d.row, SITE_PARENT, f"上级门户“{cell}”{exc}")
            return
    else:
        matches = file_names.get(cell) or names.get(cell) or set()
    if not matches:
        check.add(d.row, SITE_PARENT, f"上级门户“{cell}”在本文件和已登记的网站中都找不到")
    elif len(matches) > 1:
        check.add(d.row, SITE_PARENT, f"上级门户“{cell}”对应多个网站（{'、'.join(sorted(matches))}），请改填其首页网址")
    elif matches == {d.url}:
        check.add(d.row, SITE_PARENT, "上级门户不能是网站自己")
    elif kinds[next(iter(matches))] == "department":
        check.add(d.row, SITE_PARENT, f"上级门户“{cell}”是部门网站，应填写门户网站")
    else:
        d.parent = next(iter(matches))


def _loop(start: str, parents: dict[str, str]) -> list[str]:
    """The chain start → … → start when following parents from ``start`` comes back to it, else []."""
    chain, seen, url = [start], {start}, parents.get(start, "")
    while url and url not in seen:
        chain.append(url)
        seen.add(url)
        url = parents.get(url, "")
    return [*chain, start] if url == start and start else []


def validate_accounts(sheet: Sheet) -> tuple[list[AccountRecord], list[RowProblem]]:
    """The account records of ``sheet`` and the problems of its rows."""
    check = _Checker(sheet)
    records: list[AccountRecord] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in sheet.rows:
        check.required(number, cells, REQUIRED_COLUMNS[SheetKind.ACCOUNTS])
        feed = _feed_url(check, number, cells[ACC_FEED])
        platform = check.choice(number, ACC_PLATFORM, cells[ACC_PLATFORM], PLATFORMS,
                                "微信、微博、抖音、政务APP 或 其他")
        level = check.choice(number, ACC_LEVEL, cells[ACC_LEVEL], LEVELS, "市、县 或 乡镇")
        key = (platform, cells[ACC_ID])
        if platform and cells[ACC_ID] and key in first_row:
            check.add(number, ACC_ID, f"与第 {first_row[key]} 行是同一账号（平台和账号ID/主页都相同）")
        first_row.setdefault(key, number)
        records.append(AccountRecord(platform, cells[ACC_NAME], cells[ACC_ID], cells[ACC_UNIT], level, feed))
    return records, check.problems


def _feed_url(check: _Checker, row: int, value: str) -> str:
    """The normalised 订阅地址 ('' when empty); a bad or too long URL is a row problem."""
    if not value:
        return ""
    if len(value) > MAX_URL:
        check.add(row, ACC_FEED, f"{ACC_FEED}过长（{len(value)} 字，最多 {MAX_URL} 字）")
        return ""
    try:
        return normalize_home_url(value)
    except ValueError as exc:
        check.add(row, ACC_FEED, f"“{value}”{exc}")
        return ""
