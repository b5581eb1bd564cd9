"""Frozen value types shared by every layer.

Nothing here imports anything of ours. Times are timezone-aware ``datetime`` in UTC unless a field says
otherwise; durations are seconds (float); sizes are bytes (int); dates of publication are ``date``
in the site's local calendar (Asia/Shanghai).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ColumnType(StrEnum):
    """栏目类型 — the column kinds the indicators give different update windows.

    Source: 国办秘函〔2019〕19号 单项否决 "栏目不更新" and the 2015 普查 基本信息 windows
    (动态/要闻 2 weeks, 通知公告/政策文件 6 months, 人事/规划计划 1 year).
    """

    NEWS = "news"  # 动态要闻
    NOTICE = "notice"  # 通知公告
    POLICY = "policy"  # 政策文件
    INTERPRETATION = "interpretation"  # 政策解读
    PERSONNEL = "personnel"  # 人事信息
    PLAN = "plan"  # 规划计划
    STATISTICS = "statistics"  # 统计数据
    OVERVIEW = "overview"  # 概况信息
    INTERACTION = "interaction"  # 互动交流
    SERVICE = "service"  # 办事服务
    OTHER = "other"


class LinkKind(StrEnum):
    """What a URL was referenced as; decides whether it is parsed or only checked."""

    PAGE = "page"  # <a href> to an HTML page on the site: fetched and parsed
    IMAGE = "image"  # <img src>
    STYLE = "style"  # <link rel=stylesheet>
    SCRIPT = "script"  # <script src>
    FRAME = "frame"  # <iframe src>
    ATTACHMENT = "attachment"  # pdf, doc(x), xls(x), zip, rar …: checked, never parsed
    EXTERNAL = "external"  # any link to a host outside the scan scope: checked, never parsed


class LinkVerdict(StrEnum):
    """Outcome of checking one URL (issue #2 §3).

    ``blocked`` (401/403/412/429, WAF or captcha page) is reported apart and never counted as dead.
    """

    OK = "ok"
    DEAD = "dead"  # 404/410, NXDOMAIN, connection refused after retries
    BLOCKED = "blocked"
    ERROR = "error"  # 5xx after retries, TLS failure, redirect loop, too large …
    TIMEOUT = "timeout"


class FetchError(StrEnum):
    """Why a fetch produced no usable response. ``None`` on a ``Fetch`` means a response arrived."""

    DNS = "dns"  # the name does not resolve (NXDOMAIN)
    DNS_TEMPORARY = "dns_temporary"  # resolver unreachable or SERVFAIL: not proof the host is gone
    CONNECT = "connect"  # connection refused / unreachable
    TLS = "tls"
    TIMEOUT = "timeout"
    RESET = "reset"  # connection reset or closed mid-response
    TOO_LARGE = "too_large"  # body above the size cap
    BLOCKED = "blocked"  # disallowed by robots.txt (not fetched at all)
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    INVALID_URL = "invalid_url"
    OTHER = "other"


FETCH_ERROR_LABELS: dict[str, str] = {
    "dns": "域名无法解析", "dns_temporary": "域名解析暂时失败", "connect": "无法建立连接（连接被拒绝或不可达）",
    "tls": "HTTPS 证书或加密握手失败", "timeout": "响应超时", "reset": "连接被重置",
    "too_large": "页面过大，超过抓取上限", "blocked": "被 robots.txt 禁止抓取（可用 --ignore-robots 忽略）",
    "redirect_loop": "循环跳转", "too_many_redirects": "跳转次数过多", "invalid_url": "网址格式错误",
    "other": "其他网络错误",
}
"""Chinese wording of each FetchError value, for messages and reports."""


@dataclass(frozen=True)
class Fetch:
    """Outcome of one request, success or failure — every fetch is data (DESIGN.md §2).

    Fields: ``url`` as requested; ``final_url`` after redirects; ``status`` HTTP status or None when no
    response; ``redirects`` the chain of URLs visited before ``final_url``; ``seconds`` wall time of the
    whole exchange including retries; ``size`` body bytes read; ``content_type`` without parameters;
    ``error`` why no usable response (None when one arrived, even a 404); ``error_detail`` the
    underlying message; ``method`` the last HTTP method used; ``attempts`` how many tries; ``fetched_at``
    UTC time the first attempt started; ``retry_after`` seconds the server asked to wait, if any.
    """

    url: str
    final_url: str
    status: int | None
    seconds: float
    size: int
    content_type: str
    fetched_at: datetime
    error: FetchError | None = None
    error_detail: str = ""
    redirects: tuple[str, ...] = ()
    method: str = "GET"
    attempts: int = 1
    retry_after: float | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when a 2xx response arrived."""
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class Link:
    """One reference found on a page: ``url`` absolute and normalised, ``source`` the page URL it stands
    on, ``text`` the anchor text (or alt/title for images), ``kind`` how it was referenced."""

    url: str
    source: str
    text: str
    kind: LinkKind


@dataclass(frozen=True)
class Page:
    """A fetched HTML page of the site: the fetch, the decoded text and the links found on it.

    ``html`` is the decoded document ('' when the body was not HTML or could not be fetched);
    ``encoding`` the codec used (GBK/GB2312 are decoded as gb18030); ``depth`` clicks from the homepage.
    """

    url: str
    fetch: Fetch
    html: str = field(repr=False)
    encoding: str
    depth: int
    links: tuple[Link, ...] = field(default=(), repr=False)
    is_home: bool = False


@dataclass(frozen=True)
class LinkCheck:
    """The verdict on one URL checked during a scan, with every place it is referenced.

    ``referrers`` are (page URL, anchor text) pairs; ``on_home`` is True when the homepage links to it.
    """

    url: str
    kind: LinkKind
    verdict: LinkVerdict
    fetch: Fetch
    referrers: tuple[tuple[str, str], ...] = ()
    on_home: bool = False


@dataclass(frozen=True)
class ColumnSpec:
    """A column (栏目) declared in a registry file: name, list-page URL, and type.

    ``window_days`` is the update window (days) this column must meet; None means the rulebook's window
    for its type (a type without one, e.g. statistics, is then not judged for staleness).
    """

    name: str
    url: str
    type: ColumnType = ColumnType.OTHER
    window_days: int | None = None


@dataclass(frozen=True)
class SiteSpec:
    """A registered government website (政府网站) as the scan needs it.

    ``home_url`` is the homepage; ``site_id_code`` the 10-digit 网站标识码 issued by the
    全国政府网站信息报送系统 (None if unknown); ``kind`` 'portal' (门户网站) or 'department' (部门网站);
    ``level`` 市/县/乡镇 or '' ; ``parent_domain`` the portal domain a department site must sit under;
    ``extra_hosts`` other hosts in scope; ``columns`` declared columns; ``ignore_robots`` the per-site
    switch to crawl past robots.txt (its use is recorded in the report).
    """

    home_url: str
    name: str = ""
    unit: str = ""
    site_id_code: str | None = None
    kind: str = "portal"
    level: str = ""
    parent_domain: str | None = None
    extra_hosts: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    ignore_robots: bool = False
    icp: str | None = None
    police_filing: str | None = None


@dataclass(frozen=True)
class DatedItem:
    """One row of a list (a news item, a notice …): title, link and publication date (None if undated).

    ``dated_by`` says where the date came from: 'list' (printed beside the link) or 'article' (the linked
    article page's own publication date, used for homepages that print no dates)."""

    title: str
    url: str
    published: date | None
    dated_by: str = "list"


@dataclass(frozen=True)
class Column:
    """A column (栏目) as found on the site: where it lives, its type, its dated items.

    ``source`` is 'declared' (registry file) or 'discovered' (navigation / list-shaped page).
    ``blank`` is True when the list page has no items or shows a 暂无信息-style text.
    ``fetched`` is False when the list page could not be fetched (then nothing is judged about it).
    """

    name: str
    url: str
    type: ColumnType
    source: str
    items: tuple[DatedItem, ...] = ()
    blank: bool = False
    fetched: bool = True

    @property
    def latest(self) -> date | None:
        """Newest publication date among the items, None if no item is dated."""
        dates = [i.published for i in self.items if i.published is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Finding:
    """A problem (问题) found by a check, always with its evidence (证据).

    ``code`` is the stable dotted id (``column.stale``); ``target`` the site's home URL; ``url`` where the
    problem is; ``message`` one Chinese sentence for the report; ``evidence`` JSON-serialisable facts
    (dates, statuses, snippets) that prove it; ``fix`` what the owner should do (Chinese); ``count`` how
    many occurrences it stands for (deductions may be per occurrence).
    """

    code: str
    target: str
    url: str
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fix: str = ""
    count: int = 1
