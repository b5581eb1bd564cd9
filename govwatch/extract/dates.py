"""Publication dates from list rows and article pages — our own regex extractor.

Why not htmldate: it returns wrong days for ``2023年1月5日``-style dates (DESIGN.md §1), the most common
format on government sites; a regex pass costs ~0.01 ms a page.

Formats understood (full-width digits are folded to ASCII first):

* full dates ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD``, ``YYYY年M月D日`` (one- or two-digit month/day);
* month-days ``MM-DD`` and ``[MM-DD]`` (two digits each), whose year comes from context: the year of the
  newest full date elsewhere on the page, else ``today``'s year; a month-day that would then lie after
  ``today`` belongs to the year before;
* article labels ``发布时间：…`` / ``发布日期：…`` / ``发文日期：…`` and ``<meta name="PubDate">``
  (also ``firstpublishedtime``, ``publishdate``, ``pubdate`` …, names compared case-insensitively).

Every date is a ``datetime.date`` in the Asia/Shanghai calendar. Dates after ``today`` (the monitoring
point) and implausible dates (before 1990, month 13, 30 February …) are rejected, never returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from selectolax.lexbor import LexborHTMLParser

MIN_YEAR = 1990
"""Earliest year accepted: no Chinese government website published before the 1990s."""

_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
    r"|(?P<cy>(?:19|20)\d{2})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日"
)
_MONTH_DAY = re.compile(r"(?<![\d\-/.])(?P<m>\d{2})-(?P<d>\d{2})(?![\d\-/.:])")
_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|发表时间|更新时间|信息时间|日期|时间)\s*[:：]?\s*")
_PUBDATE_METAS = (
    "pubdate", "publishdate", "firstpublishedtime", "lastmodifiedtime", "publishtime", "article:published_time",
    "og:release_date", "created", "date",
)


def normalize(text: str) -> str:
    """Fold full-width digits and punctuation to ASCII (NFKC) so one regex fits every page."""
    return unicodedata.normalize("NFKC", text)


def make_date(year: int, month: int, day: int, today: date) -> date | None:
    """The date, or None when it is invalid, before ``MIN_YEAR`` or after ``today``."""
    if year < MIN_YEAR:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if value <= today else None


def resolve_month_day(month: int, day: int, today: date, context_year: int | None = None) -> date | None:
    """Year for a ``MM-DD`` date: ``context_year`` (else ``today.year``); one year earlier when that date
    would lie after ``today``. None for an invalid month/day (e.g. ``0-24`` in 「0-24时」)."""
    year = context_year if context_year is not None else today.year
    try:
        value = date(year, month, day)
    except ValueError:
        if (month, day) == (2, 29):  # a leap day seen from a non-leap context year
            return make_date(year - 1, 2, 29, today)
        return None
    if value > today:
        return make_date(year - 1, month, day, today)
    return value if value.year >= MIN_YEAR else None


def _full_matches(text: str, today: date) -> Iterable[tuple[int, int, date]]:
    for match in _FULL.finditer(text):
        if match.group("y"):
            y, m, d = match.group("y", "m", "d")
        else:
            y, m, d = match.group("cy", "cm", "cd")
        value = make_date(int(y), int(m), int(d), today)
        if value is not None:
            yield match.start(), match.end(), value


def full_dates(text: str, today: date) -> list[date]:
    """Every plausible full date (with a year) in ``text``, in document order."""
    return [value for _, _, value in _full_matches(normalize(text), today)]


def context_year(text: str, today: date) -> int | None:
    """Year of the newest plausible full date in ``text`` (a page's text), None if it has none."""
    dates = full_dates(text, today)
    return max(dates).year if dates else None


def dates_in(text: str, today: date, year: int | None = None, month_day: bool = True) -> list[date]:
    """Every plausible date in ``text`` in document order: full dates, and (when ``month_day``) ``MM-DD``
    dates outside them resolved with ``year`` as context (see :func:`resolve_month_day`)."""
    text = normalize(text)
    found: list[tuple[int, date]] = []
    spans: list[tuple[int, int]] = []
    for start, end, value in _full_matches(text, today):
        found.append((start, value))
        spans.append((start, end))
    if month_day:
        for match in _MONTH_DAY.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            value_md = resolve_month_day(int(match.group("m")), int(match.group("d")), today, year)
            if value_md is not None:
                found.append((match.start(), value_md))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


def last_date(text: str, today: date, year: int | None = None, month_day: bool = True) -> date | None:
    """The last plausible date in ``text`` (list rows put the date after the title), or None."""
    dates = dates_in(text, today, year, month_day)
    return dates[-1] if dates else None


def trailing_date(text: str, today: date) -> date | None:
    """A full date that ends ``text`` (optionally in brackets), as in ``<a>标题 2023-05-06</a>``; None when
    the text does not end with one. Dates inside a title (「关于2023年1月1日起…」) are not taken."""
    text = normalize(text).rstrip(" )]）】\u3000")
    last = None
    for _, end, value in _full_matches(text, today):
        last = (end, value)
    if last is not None and last[0] == len(text):
        return last[1]
    return None


def labelled_date(text: str, today: date) -> date | None:
    """The date after a ``发布时间：`` / ``发布日期：`` style label in page text, or None."""
    text = normalize(text)
    for label in _LABEL.finditer(text):
        window = text[label.end(): label.end() + 40]
        for start, _, value in _full_matches(window, today):
            if start == 0:
                return value
    return None


def meta_pubdate(tree: LexborHTMLParser, today: date) -> date | None:
    """The date in ``<meta name="PubDate">`` (or firstpublishedtime, publishdate … / property=…), or None."""
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        name = (node.attributes.get("name") or node.attributes.get("property") or "").strip().lower()
        content = node.attributes.get("content") or ""
        if name and content and name not in metas:
            metas[name] = content
    for name in _PUBDATE_METAS:
        if name in metas:
            dates = full_dates(metas[name], today)
            if dates:
                return dates[0]
    return None


def article_date(html: str, today: date) -> date | None:
    """Publication date of an article page: the PubDate-style meta tag, else a ``发布时间：`` label in the
    body text. None when neither gives a plausible date (not after ``today``, not before 1990)."""
    if not html:
        return None
    tree = LexborHTMLParser(html)
    found = meta_pubdate(tree, today)
    if found is not None:
        return found
    tree.strip_tags(["script", "style", "noscript"])
    body = tree.body
    return labelled_date(body.text(separator=" ") if body is not None else "", today)
