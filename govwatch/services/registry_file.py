"""Registry files (YAML) that declare sites: 网站标识码, 主办单位, kind, level and columns.

Shape (one site, or several under ``sites:``)::

    sites:
      - name: 上海市卫生健康委员会
        home_url: http://wsjkw.sh.gov.cn/
        unit: 上海市卫生健康委员会
        site_id_code: "3100000010"
        kind: department          # portal (门户网站) | department (部门网站)
        level: 市                  # 市 | 县 | 乡镇 | ''
        parent_domain: sh.gov.cn  # a department site must sit under its portal's domain
        extra_hosts: []
        ignore_robots: false
        columns:
          - {name: 疫情通报, url: /yqtb/index.html, type: news}
          - {name: 专题专栏, url: /ztzl/, type: other, window_days: 90}   # own update window, days

Column URLs may be relative; they are resolved against the URL being scanned.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govwatch.core.errors import UsageError
from govwatch.core.models import ColumnSpec, ColumnType, SiteSpec
from govwatch.core.urls import InvalidURL, normalize_url
from govwatch.rules.yamlfile import zh_errors

LEVELS = ("市", "县", "乡镇", "")
_CHINESE_CODECS = ("gb2312", "gbk", "gb18030", "hz", "cp936", "big5")


def _check_url(value: str, *, absolute: bool) -> str:
    """``value`` if the crawl can use it (relative allowed unless ``absolute``); ValueError (Chinese)."""
    try:
        normalized = normalize_url(value, None if absolute else "http://registry.invalid/")
    except InvalidURL:
        raise ValueError(f"网址格式错误：{value}") from None
    if normalized is None:
        raise ValueError(f"应为 http:// 或 https:// 网址，收到：{value}")
    return value


class ColumnEntry(BaseModel):
    """A declared column (栏目): name, list-page URL (absolute or relative), type (ColumnType value)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    url: str
    type: ColumnType = ColumnType.OTHER
    window_days: int | None = Field(default=None, ge=1)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value, absolute=False)


class SiteEntry(BaseModel):
    """One site of a registry file; see the module docstring for the fields."""

    model_config = ConfigDict(extra="forbid")
    home_url: str
    name: str = ""
    unit: str = ""
    site_id_code: str | None = None
    kind: str = "portal"
    level: str = ""
    parent_domain: str | None = None
    extra_hosts: list[str] = Field(default_factory=list)
    ignore_robots: bool = False
    columns: list[ColumnEntry] = Field(default_factory=list)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in ("portal", "department"):
            raise ValueError("kind 只能是 portal（门户网站）或 department（部门网站）")
        return value

    @field_validator("home_url")
    @classmethod
    def _home_url(cls, value: str) -> str:
        if not value.strip().lower().startswith(("http://", "https://")):
            raise ValueError(f"应为 http:// 或 https:// 开头的网址，收到：{value}")
        return _check_url(value, absolute=True)

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value not in LEVELS:
            raise ValueError(f"level 只能是 市、县、乡镇 或留空，收到：{value}")
        return value

    @field_validator("site_id_code", mode="before")
    @classmethod
    def _code(cls, value: object) -> object:
        return None if value is None else str(value)


def load_registry(path: Path | str) -> list[SiteEntry]:
    """Read and validate a registry file; returns its sites in file order.

    Raises UsageError (Chinese, naming the file and the field) when the file is missing or malformed.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(_text(path.read_bytes(), path))
    except OSError as exc:
        raise UsageError(f"无法读取登记文件 {path}：{exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise UsageError(f"登记文件 {path} 不是合法的 YAML：{exc}") from exc
    raw = data.get("sites") if isinstance(data, dict) and "sites" in data else [data]
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise UsageError(f"登记文件 {path} 应包含一个网站（映射）或 sites: 列表")
    try:
        return [SiteEntry.model_validate(item) for item in raw]
    except ValidationError as exc:
        raise UsageError(f"登记文件 {path} 校验失败：{_errors(exc)}") from exc


def _errors(exc: ValidationError) -> str:
    return "；".join(zh_errors(exc))


def _text(data: bytes, path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else the Chinese code page charset-normalizer
    detects (read as GB18030, the superset of GBK); UsageError (Chinese) asking for UTF-8 otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding in _CHINESE_CODECS:
        codec = "gb18030" if best.encoding != "big5" else "big5"
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    raise UsageError(f"登记文件 {path} 不是 UTF-8 编码，无法读取；请另存为 UTF-8 编码后重试")


def site_for_url(url: str, entries: list[SiteEntry]) -> SiteSpec:
    """The SiteSpec to scan ``url`` with: the entry whose home_url host matches the URL's host, with
    ``home_url`` set to ``url`` and column URLs made absolute against it; a bare SiteSpec when
    ``entries`` is empty. Ports are ignored when matching, so a site served on a test port still matches
    its registered URL. Raises UsageError when entries are given but none is for this host (a registry
    of another site would compare its 网站标识码 and columns against the wrong site).
    """
    if not entries:
        return SiteSpec(home_url=url)
    host = (urlsplit(url).hostname or "").lower()
    match = [e for e in entries if (urlsplit(e.home_url).hostname or "").lower() == host]
    if not match:
        known = "、".join(sorted({urlsplit(e.home_url).hostname or e.home_url for e in entries})[:5])
        raise UsageError(f"登记文件中没有主机名为 {host} 的网站（登记的有：{known}）；请核对网址或登记文件的 home_url")
    e = match[0]
    return SiteSpec(
        home_url=url, name=e.name, unit=e.unit, site_id_code=e.site_id_code, kind=e.kind, level=e.level,
        parent_domain=e.parent_domain, extra_hosts=tuple(e.extra_hosts), ignore_robots=e.ignore_robots,
        columns=tuple(ColumnSpec(c.name, _rebase(c.url, e.home_url, url), c.type, c.window_days) for c in e.columns),
    )


def _rebase(column_url: str, registered_home: str, scanned: str) -> str:
    """Resolve a column URL against the scanned URL; an absolute URL on the registered host moves to the
    scanned URL's scheme and port (so a registry of live URLs works on a stored copy served locally)."""
    col, reg, now = urlsplit(column_url), urlsplit(registered_home), urlsplit(scanned)
    if col.scheme and col.hostname and col.hostname == reg.hostname:
        return col._replace(scheme=now.scheme, netloc=now.netloc).geturl()
    return urljoin(scanned, column_url)
