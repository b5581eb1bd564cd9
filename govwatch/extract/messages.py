"""Messages (留言) published on a site's pages: tables with a header row (留言时间 / 回复时间 / 状态 /
回复单位 …), lists whose rows carry status badges (已回复 / 已办结 / 办理中 / 未回复) or labelled dates, and
detail pages (留言时间：… 答复时间：…). A detail page completes the list row that links to it. Dates use the
formats of :mod:`govwatch.extract.dates`; nothing is guessed: a message without a readable status stays
``unknown``. Table: :mod:`govwatch.extract.interaction_table`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Page
from govwatch.extract import dates
from govwatch.extract.columns import page_column_name
from govwatch.extract.html import absolute, base_url, clean, in_footer, parse, text_of, url_key
from govwatch.extract.interaction_table import (
    ANSWERED,
    INVALID,
    PENDING,
    UNKNOWN,
    InteractionTable,
    alternation,
    default_table,
)

__all__ = ["ANSWERED", "INVALID", "PENDING", "UNKNOWN", "Message", "read_messages"]

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ROW_NODES = "li, dl, div[class*=item], div[class*=msg], div[class*=letter], div[class*=xj], div[class*=row]"


@dataclass(frozen=True)
class Message:
    """One published message: ``asked``/``answered`` dates (None when not shown), ``status`` answered /
    pending / invalid / unknown with the ``status_text`` badge, ``replier`` 回复单位, ``page_url`` where it
    was read, ``channel`` the kind of the channel page it stands on (None when unnamed)."""

    title: str
    url: str
    page_url: str
    asked: date | None
    answered: date | None
    status: str
    status_text: str = ""
    replier: str = ""
    channel: str | None = None
    channel_name: str = ""



def _label_values(text: str, labels: tuple[str, ...], all_labels: re.Pattern[str]) -> Iterable[str]:
    """The texts after each of ``labels`` in ``text`` (each up to the next label), in document order."""
    for match in all_labels.finditer(text):
        if match.group(0) in labels:
            rest = text[match.end():].lstrip(" :：")
            following = all_labels.search(rest)
            yield rest[: following.start()] if following else rest[:60]


def _label_value(text: str, labels: tuple[str, ...], all_labels: re.Pattern[str]) -> str | None:
    """The text after the first of ``labels`` (up to the next label), None when no label is there."""
    return next(iter(_label_values(text, labels, all_labels)), None)


def _labelled_date(text: str, labels: tuple[str, ...], all_labels: re.Pattern[str], today: date) -> date | None:
    """The first date written right after one of ``labels`` (a 时间 inside a title carries none)."""
    for value in _label_values(text, labels, all_labels):
        found = _first_date(value[:30], today)
        if found is not None:
            return found
    return None


def _first_date(text: str | None, today: date) -> date | None:
    match = _DATE.search(dates.normalize(text or ""))
    return dates.make_date(int(match[1]), int(match[2]), int(match[3]), today) if match else None


class _Reader:
    """Message parsing of one page with the table's labels."""

    def __init__(self, table: InteractionTable, today: date) -> None:
        self.t, self.today = table, today
        self.all_labels = alternation(w for ws in table.labels.values() for w in ws)
        self.trigger = alternation([*_specific_asked(table), *table.labels["answered"],
                                     *(w for ws in table.statuses.values() for w in ws)])

    def from_text(self, text: str, title: str, url: str, page_url: str) -> Message | None:
        """A message from labelled text (a list row or a detail page); None without an asked date."""
        lab = self.t.labels
        asked = _labelled_date(text, lab["asked"], self.all_labels, self.today)
        answered = _labelled_date(text, lab["answered"], self.all_labels, self.today)
        status, badge = self.t.status_of(_label_value(text, lab["status"], self.all_labels) or text)
        if asked is None:
            found = [d for d in dates.dates_in(text, self.today, month_day=False)]
            if not found or status == UNKNOWN:
                return None
            asked = found[0]
            answered = answered or (found[1] if len(found) > 1 and status == ANSWERED else None)
        reply = _label_value(text, lab["reply_text"], self.all_labels)
        if status == UNKNOWN and (answered is not None or (reply and len(reply.strip()) >= 4)):
            status = ANSWERED
        replier = clean(_label_value(text, lab["replier"], self.all_labels) or "")[:40]
        return Message(title=title[:120], url=url, page_url=page_url, asked=asked, answered=answered,
                       status=status, status_text=badge, replier=replier)

    def tables(self, tree: LexborHTMLParser, base: str, page_url: str) -> list[Message]:
        """Messages from tables whose header row names an asked-date column."""
        out: list[Message] = []
        lab = self.t.labels
        for table in tree.css("table"):
            rows = table.css("tr")
            header = next((i for i, r in enumerate(rows[:3])
                           if any(text_of(c) in lab["asked"] for c in r.css("th, td"))), None)
            if header is None:
                continue
            names = [text_of(c) for c in rows[header].css("th, td")]
            col = {field: next((i for i, n in enumerate(names) if n in lab[field]), None)
                   for field in ("asked", "answered", "status", "replier", "title")}
            for row in rows[header + 1:]:
                message = self._table_row(row, col, base, page_url)
                if message is not None:
                    out.append(message)
        return out

    def _table_row(self, row: LexborNode, col: Mapping[str, int | None], base: str,
                   page_url: str) -> Message | None:
        cells = [text_of(c) for c in row.css("td, th")]

        def cell(field: str) -> str:
            index = col.get(field)
            return cells[index] if index is not None and index < len(cells) else ""

        asked = _first_date(cell("asked"), self.today)
        if asked is None:
            return None
        link = row.css_first("a[href]")
        url = (absolute(base, link.attributes.get("href")) if link is not None else None) or page_url
        answered = _first_date(cell("answered"), self.today)
        status, badge = self.t.status_of(cell("status") or " ".join(cells))
        if status == UNKNOWN:
            status = ANSWERED if answered else (PENDING if col.get("answered") is not None else UNKNOWN)
        title = cell("title") or (text_of(link) if link is not None else "")
        return Message(title=title[:120], url=url, page_url=page_url, asked=asked, answered=answered,
                       status=status, status_text=badge, replier=cell("replier")[:40])

    def rows(self, tree: LexborHTMLParser, base: str, page_url: str) -> list[Message]:
        """Messages from list rows that carry a status badge or a labelled date (innermost rows only)."""
        out: list[Message] = []
        candidates = [n for n in tree.css(_ROW_NODES) if not in_footer(n) and n.css_first("a[href]") is not None]
        hits = [n for n in candidates if self.trigger.search(text_of(n))]
        hit_ids = {n.mem_id for n in hits}
        for node in hits:
            if any(d.mem_id in hit_ids for d in node.css(_ROW_NODES) if d.mem_id != node.mem_id):
                continue  # an outer block holding several rows
            link = node.css_first("a[href]")
            assert link is not None  # candidates have a link
            url = absolute(base, link.attributes.get("href")) or page_url
            title = text_of(link) or clean(link.attributes.get("title") or "")
            message = self.from_text(text_of(node), title, url, page_url)
            if message is not None:
                out.append(message)
        return out

    def page(self, page: Page) -> list[Message]:
        """Every message on ``page``: table rows, else list rows, else the page as one detail page."""
        if not page.fetch.ok or not page.html or not self.trigger.search(page.html):
            return []
        tree = parse(page.html)
        base, url = base_url(page, tree), page.fetch.final_url or page.url
        found = self.tables(tree, base, url) or self.rows(tree, base, url)
        if found:
            return found
        body = tree.css_first(".content, .article, #content, .main") or tree.body
        text = text_of(body)
        title = text_of(tree.css_first("h1")) or text_of(tree.css_first("h2"))
        message = self.from_text(text, _label_value(text, self.t.labels["title"], self.all_labels) or title,
                                 url, url)
        return [message] if message is not None and _detail_like(text, self.t) else []


def _specific_asked(table: InteractionTable) -> list[str]:
    """Asked-date labels that only messages carry (not an article's 发布时间 or a bare 时间)."""
    return [w for w in table.labels["asked"] if w not in ("发布时间", "时间")]


def _detail_like(text: str, table: InteractionTable) -> bool:
    """A detail page names both an asked and an answer/status field (a news article's 发布时间 is not one)."""
    return any(w in text for w in _specific_asked(table)) and any(
        w in text for w in (*table.labels["answered"], *table.labels["reply_text"], *table.labels["status"]))


def _page_channel(tree: LexborHTMLParser, table: InteractionTable) -> tuple[str | None, str]:
    name = page_column_name(tree)
    crumbs = text_of(tree.css_first("[class*=crumb], [class*=position], [class*=location]"))
    for candidate in (name, crumbs, text_of(tree.css_first("title"))):
        kind = table.classify(candidate) if candidate else None
        if kind is not None:
            return kind, candidate
    return None, name


def read_messages(crawl: CrawlResult, today: date, table: InteractionTable | None = None) -> tuple[Message, ...]:
    """Every message published on the crawled pages, list rows completed by their detail pages (by URL).

    Only pages named as a channel (ColumnName, breadcrumb or title matching the channel table) or showing a
    message-only label (留言时间, 来信时间 …) are read: a news list titled 「…已受理…」 holds no messages."""
    table = table or default_table()
    reader = _Reader(table, today)
    by_url: dict[str, Message] = {}
    details: dict[str, Message] = {}
    for page in crawl.pages:
        found = reader.page(page)
        if not found:
            continue
        kind, name = _page_channel(parse(page.html), table)
        if kind is None and not any(w in page.html for w in _specific_asked(table)):
            continue  # a news list whose titles say 已受理 / 办结 is no message list
        for message in found:
            message = replace(message, channel=kind, channel_name=name)
            key = url_key(message.url)
            if message.url == message.page_url and len(found) == 1:
                details[key] = message
            else:
                by_url.setdefault(key if message.url != message.page_url else f"{key}#{len(by_url)}", message)
    for key, detail in details.items():
        row = by_url.get(key)
        by_url[key] = detail if row is None else _merge(row, detail)
    return tuple(by_url.values())


def _merge(row: Message, detail: Message) -> Message:
    """The list row completed by its detail page (the detail's dates and status win when it has them)."""
    return replace(row, asked=detail.asked or row.asked, answered=detail.answered or row.answered,
                   status=detail.status if detail.status != UNKNOWN else row.status,
                   status_text=detail.status_text or row.status_text, replier=detail.replier or row.replier,
                   channel=row.channel or detail.channel, channel_name=row.channel_name or detail.channel_name)

