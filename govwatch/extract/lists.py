"""List rows: the repeated "link + date" rows of news lists, column pages and homepage blocks.

A *row* is an element holding 1–3 links and at most two dates, the main link being the one with the
longest text; its date is the last date in the row's text outside that link (``<span>2023-05-06</span>``,
``[05-06]``), else a full date that ends the link text (``<a>标题 2023-05-06</a>``). A *group* is the rows
among one element's children. ``MM-DD`` dates take the year of the newest full date on the page, else
``today``'s (see :mod:`govwatch.extract.dates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.models import DatedItem
from govwatch.extract import dates
from govwatch.extract.html import absolute, clean, in_chrome, in_footer, is_chrome, text_of

MAX_ROW_LINKS = 3
MAX_ROW_DATES = 2
LIST_MIN_ROWS = 3
"""A list-shaped page has ≥ 3 sibling rows each with a link and a date (column discovery rule)."""


@dataclass(frozen=True)
class ListGroup:
    """Rows found among one element's children. ``rows`` includes undated rows with a link; ``dated`` is
    how many have a date; ``chrome`` is True inside nav/header/footer/sidebar; ``footer`` inside a footer;
    ``positions`` the rows' element positions in document order (for sorting rows of several groups)."""

    rows: tuple[DatedItem, ...]
    dated: int
    chrome: bool
    footer: bool
    positions: tuple[int, ...] = ()


def _links(node: LexborNode) -> list[LexborNode]:
    """The node's links (itself if it is one); more than ``MAX_ROW_LINKS`` + 1 are not all listed."""
    if node.tag == "a":
        return [node] if node.attributes.get("href") else []
    links = []
    for link in node.css("a[href]"):
        links.append(link)
        if len(links) > MAX_ROW_LINKS:
            break
    return links


def _title(link: LexborNode) -> str:
    text = text_of(link)
    title = clean(link.attributes.get("title") or "")
    if not text or (title and (text.endswith(("...", "…")) and len(title) > len(text))):
        return title or text
    return text


def row_item(node: LexborNode, base: str, today: date, year: int | None) -> DatedItem | None:
    """The row ``node`` stands for, or None when it is not a row: no link, more than 3 links, or more
    dates outside its main link than a row has (2 with one link, e.g. 发布日期 + 截止日期; 1 with more)."""
    links = _links(node)
    if not links or len(links) > MAX_ROW_LINKS:
        return None
    texts = [text_of(a) for a in links]
    best = max(range(len(links)), key=lambda k: len(texts[k]))
    link, inner = links[best], texts[best]
    url = absolute(base, link.attributes.get("href"))
    title = _title(link)
    if url is None or not title:
        return None
    full = text_of(node)
    outside = full.replace(inner, " ", 1) if inner else full
    found = dates.dates_in(outside, today, year)
    if len(found) > (MAX_ROW_DATES if len(links) == 1 else 1):  # a container of several rows, not a row
        return None
    published = found[-1] if found else None
    if published is None:
        published = dates.trailing_date(inner, today)
    return DatedItem(title=title, url=url, published=published)


def list_groups(tree: LexborHTMLParser, base: str, today: date, min_rows: int = LIST_MIN_ROWS,
                min_dated: int | None = None) -> list[ListGroup]:
    """Every group of ≥ ``min_rows`` rows of which ≥ ``min_dated`` (default ``min_rows``) are dated, in
    document order. ``base`` resolves relative links; ``today`` bounds dates (future dates are rejected).
    """
    min_dated = min_rows if min_dated is None else min_dated
    body_text = text_of(tree.body)
    year = dates.context_year(body_text, today)
    elements = tree.css("*")
    position = {node.mem_id: index for index, node in enumerate(elements)}
    groups: list[ListGroup] = []
    for parent in elements:
        if parent.tag in ("html", "head"):
            continue
        children = [c for c in parent.iter() if not is_chrome(c)]  # a footer or menu is never a row
        if len(children) < min_rows:
            continue
        found = [(position.get(c.mem_id, 0), row_item(c, base, today, year)) for c in children]
        rows = [(pos, item) for pos, item in found if item is not None]
        dated = sum(1 for _, item in rows if item.published is not None)
        if dated >= min_dated and len(rows) >= min_rows:
            groups.append(ListGroup(tuple(i for _, i in rows), dated, in_chrome(parent), in_footer(parent),
                                    tuple(p for p, _ in rows)))
    return groups


def main_list(tree: LexborHTMLParser, base: str, today: date) -> ListGroup | None:
    """The list of a column's list page: the group with the most dated rows outside page chrome (any
    group if all are in chrome); None when the page is not list-shaped."""
    groups = list_groups(tree, base, today)
    if not groups:
        return None
    content = [g for g in groups if not g.chrome] or groups
    return max(content, key=lambda g: (g.dated, len(g.rows)))


def dated_rows(tree: LexborHTMLParser, base: str, today: date) -> tuple[DatedItem, ...]:
    """Every row with a link and a date outside footers (a homepage's dated items), deduplicated by
    (url, date), in document order."""
    rows: list[tuple[int, DatedItem]] = []
    for group in list_groups(tree, base, today, min_rows=1):
        if not group.footer:
            rows.extend((pos, item) for pos, item in zip(group.positions, group.rows, strict=True) if item.published)
    seen: set[tuple[str, date | None]] = set()
    out: list[DatedItem] = []
    for _, item in sorted(rows, key=lambda pair: pair[0]):
        if (item.url, item.published) not in seen:
            seen.add((item.url, item.published))
            out.append(item)
    return tuple(out)
