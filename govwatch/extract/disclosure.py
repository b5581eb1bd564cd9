"""发布解读 facts: the links between 政策解读 pages and the policies they interpret (解读关联), and the
概况信息 pages (机构职能, 领导信息) with what they carry — tables in ``rules/data/disclosure.yaml``.

Source: 国办秘函〔2019〕19号 扣分指标「发布解读」 二级 解读关联、概况信息、机构职能、领导信息 (doc §1.2, names
[C2], thresholds [U]); 国办发〔2017〕47号 信息发布 (概况信息、机构职能、负责人信息, doc §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.errors import RulebookError
from govwatch.core.models import ColumnType, Page
from govwatch.extract.columns import pages_by_key
from govwatch.extract.facts import SiteFacts
from govwatch.extract.html import absolute, base_url, in_chrome, parse, text_of, url_key
from govwatch.extract.interaction import page_anchors
from govwatch.rules.rulebook import DATA_DIR
from govwatch.rules.yamlfile import read_mapping

TABLE_FILE = DATA_DIR / "disclosure.yaml"
_LISTS = ("policy_link_words", "interpretation_link_words", "functions_pages", "leaders_pages",
          "functions_words", "posts", "duties_words")


@cache
def default_table() -> Mapping[str, tuple[str, ...]]:
    """The bundled table: each list of ``disclosure.yaml`` as a tuple."""
    return load_table()


def load_table(path: Path | str = TABLE_FILE) -> Mapping[str, tuple[str, ...]]:
    """Read a disclosure YAML. Raises RulebookError naming the file when a list is missing."""
    data: dict[str, Any] = read_mapping(Path(path), "发布解读关键词表", RulebookError, "posts、duties_words …")
    try:
        return {key: tuple(map(str, data[key])) for key in _LISTS}
    except (KeyError, TypeError) as exc:
        raise RulebookError(f"发布解读关键词表 {path} 缺少或写错列表：{exc!r}") from exc


@dataclass(frozen=True)
class InterpretationLink:
    """One 政策解读 page: ``policy_url`` the policy it links to ('' when none), ``policy_crawled`` whether
    that page was fetched, ``links_back`` whether the policy links back (None when not crawled)."""

    url: str
    title: str
    policy_url: str
    policy_crawled: bool
    links_back: bool | None


def _content_links(page: Page) -> list[tuple[str, str]]:
    """(url, text) of the links in a page's body outside nav/header/footer/sidebars."""
    tree = parse(page.html)
    base = base_url(page, tree)
    out: list[tuple[str, str]] = []
    for node in tree.css("a[href]"):
        url = absolute(base, node.attributes.get("href"))
        if url is not None and not in_chrome(node):
            out.append((url, text_of(node) or (node.attributes.get("title") or "")))
    return out


def interpretation_links(crawl: CrawlResult, facts: SiteFacts,
                         table: Mapping[str, tuple[str, ...]] | None = None) -> tuple[InterpretationLink, ...]:
    """Each crawled item page of the 政策解读 columns with its policy link and the link back."""
    table = table or default_table()
    pages = pages_by_key(crawl)
    policies = {url_key(i.url) for c in facts.columns if c.type is ColumnType.POLICY for i in c.items}
    out: list[InterpretationLink] = []
    seen: set[str] = set()
    for column in facts.columns:
        if column.type is not ColumnType.INTERPRETATION:
            continue
        for item in column.items:
            key = url_key(item.url)
            page = pages.get(key)
            if key in seen or page is None or not page.fetch.ok or not page.html:
                continue
            seen.add(key)
            out.append(_link_of(page, item.title, key, pages, policies, table))
    return tuple(out)


def _link_of(page: Page, title: str, key: str, pages: Mapping[str, Page], policies: set[str],
             table: Mapping[str, tuple[str, ...]]) -> InterpretationLink:
    url = page.fetch.final_url or page.url
    own = {key, url_key(url)}
    candidates = [(u, t) for u, t in _content_links(page) if url_key(u) not in own]
    policy = next((u for u, _ in candidates if url_key(u) in policies), None)
    if policy is None:
        policy = next((u for u, t in candidates if any(w in t for w in table["policy_link_words"])
                       and not any(w in t for w in table["interpretation_link_words"])), None)
    if policy is None:
        return InterpretationLink(url, title, "", False, None)
    target = pages.get(url_key(policy))
    if target is None or not target.fetch.ok or not target.html:
        return InterpretationLink(url, title, policy, False, None)
    back = any(url_key(u) in own for u, _ in _content_links(target))
    return InterpretationLink(url, title, policy, True, back)


@dataclass(frozen=True)
class OverviewPage:
    """A 概况信息 page: ``kind`` 'functions' (机构职能) or 'leaders' (领导信息), ``found`` it was crawled,
    ``has`` what it carries (职能 / 姓名职务 / 分工), ``snippet`` ≤ 200 characters of its text."""

    kind: str
    name: str
    url: str
    found: bool
    has: tuple[str, ...]
    snippet: str = ""


def overview_pages(crawl: CrawlResult, facts: SiteFacts,
                   table: Mapping[str, tuple[str, ...]] | None = None) -> tuple[OverviewPage, ...]:
    """The 机构职能 and 领导信息 pages (from the columns, else from link texts) and what each carries; a
    kind with no page at all comes back once with ``found=False``."""
    table = table or default_table()
    pages = pages_by_key(crawl)
    out: list[OverviewPage] = []
    for kind, names in (("functions", table["functions_pages"]), ("leaders", table["leaders_pages"])):
        targets = [(c.name, c.url) for c in facts.columns
                   if c.type is ColumnType.OVERVIEW and any(n in c.name for n in names)]
        if not targets:
            targets = [(text, url) for p in crawl.pages for url, text in page_anchors(p)
                       if text and len(text) <= 12 and any(n in text for n in names)][:1]
        if not targets:
            out.append(OverviewPage(kind, names[0], "", False, ()))
            continue
        name, url = targets[0]
        page = pages.get(url_key(url))
        if page is None or not page.fetch.ok or not page.html:
            out.append(OverviewPage(kind, name, url, False, ()))
            continue
        text = _overview_text(page, pages, table if kind == "leaders" else None)
        out.append(OverviewPage(kind, name, url, True, _carries(kind, text, table), text[:200]))
    return tuple(out)


def _overview_text(page: Page, pages: Mapping[str, Page], table: Mapping[str, tuple[str, ...]] | None) -> str:
    """The page's body text; for a leaders page also the text of the leader pages it links to (a 领导之窗
    of photos linking to one page per leader)."""
    tree = parse(page.html)
    body = tree.css_first(".content, .article, #content, .main") or tree.body
    parts = [text_of(body)]
    if table is not None:
        for url, text in _content_links(page)[:30]:
            target = pages.get(url_key(url))
            if target is not None and target.html and any(p in text for p in table["posts"] + table["leaders_pages"]):
                parts.append(text_of(parse(target.html).body))
    return " ".join(parts)


def _carries(kind: str, text: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    has: list[str] = []
    if kind == "functions":
        if any(w in text for w in table["functions_words"]) and len(text) >= 40:
            has.append("职能")
        return tuple(has)
    if any(p in text for p in table["posts"]):
        has.append("姓名职务")
    if any(w in text for w in table["duties_words"]):
        has.append("分工")
    return tuple(has)
