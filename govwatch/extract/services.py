"""办事服务 facts: service entries, 办事指南 pages with the key elements they carry, their attachments and
the online systems they link to — read from the crawl (tables in ``rules/data/services.yaml``).

Source: 国办秘函〔2019〕19号 单项否决「服务不实用」 (未提供办事服务；办事指南重点要素缺失) and 扣分指标「办事服务」
(办事指南、表格样式、在线申请), doc §1.1–1.2.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.errors import RulebookError
from govwatch.core.models import LinkCheck, Page
from govwatch.extract.html import content_text, parse, text_of, url_key
from govwatch.extract.interaction import page_anchors
from govwatch.rules.rulebook import DATA_DIR
from govwatch.rules.yamlfile import read_mapping

TABLE_FILE = DATA_DIR / "services.yaml"


@dataclass(frozen=True)
class ServiceTable:
    """The tables of ``services.yaml``: ``elements`` maps an element to the labels that name it."""

    service_links: tuple[str, ...]
    guide_title_words: tuple[str, ...]
    system_links: tuple[str, ...]
    elements: Mapping[str, tuple[str, ...]]
    min_elements_for_guide: int
    empty_values: tuple[str, ...]
    attachment_types: Mapping[str, tuple[str, ...]]
    generic_types: tuple[str, ...]

    @cached_property
    def label_pattern(self) -> re.Pattern[str]:
        """Any element label, longest first."""
        words = sorted({w for ws in self.elements.values() for w in ws}, key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words))


def load_table(path: Path | str = TABLE_FILE) -> ServiceTable:
    """Read a services YAML. Raises RulebookError naming the file when it is malformed."""
    data: dict[str, Any] = read_mapping(Path(path), "办事服务关键词表", RulebookError, "guide_elements …")
    try:
        return ServiceTable(
            service_links=tuple(map(str, data["service_links"])),
            guide_title_words=tuple(map(str, data["guide_title_words"])),
            system_links=tuple(map(str, data["system_links"])),
            elements={str(k): tuple(map(str, v)) for k, v in data["guide_elements"].items()},
            min_elements_for_guide=int(data["min_elements_for_guide"]),
            empty_values=tuple(map(str, data["empty_values"])),
            attachment_types={str(k).lower(): tuple(map(str, v)) for k, v in data["attachment_types"].items()},
            generic_types=tuple(map(str, data["generic_types"])),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise RulebookError(f"办事服务关键词表 {path} 格式不对：{exc!r}") from exc


@cache
def default_table() -> ServiceTable:
    """The bundled table, loaded once."""
    return load_table()


def path_suffix(url: str) -> str:
    """Lower-case suffix of the URL path's last segment, with the dot ('' if none)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    dot = last.rfind(".")
    return last[dot:].lower() if dot > 0 else ""


@dataclass(frozen=True)
class Guide:
    """One 办事指南 page: ``present`` the elements shown with a value, ``empty`` those labelled but left
    empty, ``missing`` those absent (both in the table's order), ``title`` its heading."""

    url: str
    title: str
    present: tuple[str, ...]
    empty: tuple[str, ...]
    missing: tuple[str, ...]


def guide_elements(text: str, table: ServiceTable) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(present, empty, missing) elements of a guide's text: an element is present when one of its labels
    is followed by a value (not straight by another label, not by 暂无-style text)."""
    labels = table.label_pattern
    present: list[str] = []
    empty: list[str] = []
    for element, words in table.elements.items():
        state = None
        for match in labels.finditer(text):
            if match.group(0) not in words:
                continue
            rest = text[match.end():].lstrip(" :：\t")
            following = labels.match(rest)
            value = "" if following else rest[:20].strip()
            if value and not any(value.startswith(e) for e in table.empty_values):
                state = "present"
                break
            state = "empty"
        if state == "present":
            present.append(element)
        elif state == "empty":
            empty.append(element)
    missing = [e for e in table.elements if e not in present and e not in empty]
    return tuple(present), tuple(empty), tuple(missing)


def read_guide(page: Page, table: ServiceTable) -> Guide | None:
    """The guide on ``page``, None when the page is no guide (no 指南 in its heading/title and fewer than
    ``min_elements_for_guide`` element labels) or was not fetched."""
    if not page.fetch.ok or not page.html or not _may_be_guide(page.html, table):
        return None
    tree = parse(page.html)
    heading = text_of(tree.css_first("h1")) or text_of(tree.css_first("h2")) or text_of(tree.css_first("title"))
    text = content_text(page.html)
    present, empty, missing = guide_elements(text, table)
    titled = any(w in heading for w in table.guide_title_words)
    if not titled and len(present) + len(empty) < table.min_elements_for_guide:
        return None
    if titled and not present and not empty and len(text) < 20:
        return None
    return Guide(url=page.fetch.final_url or page.url, title=heading[:100], present=present, empty=empty,
                 missing=missing)


_HEADINGS = re.compile(r"<(title|h1|h2)[^>]*>(.*?)</\1>", re.I | re.S)


def _may_be_guide(html: str, table: ServiceTable) -> bool:
    """Cheap test on the raw HTML before parsing: a 指南 word in <title>/<h1>/<h2>, or enough labels."""
    if any(w in m.group(2) for m in _HEADINGS.finditer(html) for w in table.guide_title_words):
        return True
    found = {m.group(0) for m in table.label_pattern.finditer(html)}
    return sum(not found.isdisjoint(words) for words in table.elements.values()) >= table.min_elements_for_guide


@dataclass(frozen=True)
class ServiceFacts:
    """``entries`` (name, url) of service links (办事服务, 政务服务网 …); ``guides``; ``service_pages`` the
    URL keys of crawled pages that are service entries or guides; ``systems`` (name, url) links to online
    systems (在线办理, 办件查询 …)."""

    entries: tuple[tuple[str, str], ...] = ()
    guides: tuple[Guide, ...] = ()
    service_pages: frozenset[str] = frozenset()
    systems: tuple[tuple[str, str], ...] = ()


_CACHE: dict[int, tuple[weakref.ref[CrawlResult], ServiceFacts]] = {}


def service_facts(crawl: CrawlResult) -> ServiceFacts:
    """Service entries, guides and online-system links of one crawl (computed once per crawl: three
    checks read them)."""
    cached = _CACHE.get(id(crawl))
    if cached is not None and cached[0]() is crawl:
        return cached[1]
    facts = read_service_facts(crawl)
    _CACHE.clear()
    _CACHE[id(crawl)] = (weakref.ref(crawl), facts)
    return facts


def read_service_facts(crawl: CrawlResult, table: ServiceTable | None = None) -> ServiceFacts:
    """Service entries, guides and online-system links of one crawl, read with ``table``."""
    table = table or default_table()
    entries: dict[str, tuple[str, str]] = {}
    systems: dict[str, tuple[str, str]] = {}
    kinds: dict[str, tuple[bool, bool]] = {}  # the same menu texts stand on every page
    for page in crawl.pages:
        for url, text in page_anchors(page):
            if not text or len(text) > 20:
                continue
            kind = kinds.get(text)
            if kind is None:
                kind = kinds[text] = (any(w in text for w in table.service_links),
                                      any(w in text for w in table.system_links))
            service, system = kind
            if not service and not system:  # most anchors: skip the URL normalisation
                continue
            key = url_key(url)
            if service:
                entries.setdefault(key, (text, url))
            if system:
                systems.setdefault(key, (text, url))
    guides = tuple(g for g in (read_guide(p, table) for p in crawl.pages) if g is not None)
    pages = set(entries) | {url_key(g.url) for g in guides}
    return ServiceFacts(entries=tuple(entries.values()), guides=guides, service_pages=frozenset(pages),
                        systems=tuple(systems.values()))


def attachment_problem(check: LinkCheck, table: ServiceTable) -> str | None:
    """Why a downloaded attachment is broken (Chinese), None when it is fine or only blocked.

    Broken: no 2xx answer; an empty body (Content-Length 0, or a GET that read 0 bytes); a Content-Type
    that does not fit the file's suffix (an HTML error page served with 200 for a .doc)."""
    fetch = check.fetch
    if check.verdict.value == "blocked":
        return None
    if not fetch.ok:
        return f"无法下载（HTTP {fetch.status}）" if fetch.status else f"无法下载（{fetch.error or '无响应'}）"
    length = fetch.headers.get("Content-Length")
    if length == "0" or (fetch.method == "GET" and fetch.size == 0):
        return "文件为空（0 字节）"
    suffix = path_suffix(fetch.final_url or check.url)
    expected = table.attachment_types.get(suffix)
    ctype = fetch.content_type
    if ctype in ("text/html", "application/xhtml+xml") and suffix not in (".html", ".htm"):
        return f"返回的是网页（{ctype}）而不是 {suffix} 文件，多为出错页面"
    if expected and ctype and ctype not in expected and ctype not in table.generic_types:
        return f"文件类型 {ctype} 与扩展名 {suffix} 不符"
    return None
