"""Facts extracted from a crawl, the input of every check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from govwatch.core.models import Column, DatedItem


@dataclass(frozen=True)
class IdentityFacts:
    """Footer identity (底部功能区) as read from one page (the homepage unless it lacks a footer).

    Every field lists what was found, in document order, deduplicated: ``site_id_codes`` 网站标识码
    from footer text; ``meta_site_id`` the ``<meta name="SiteIDCode">`` value ('' if absent);
    ``icp`` ICP备案号 such as '赣ICP备05004066号'; ``police_filings`` 公安机关备案号 such as
    '赣公网安备 36092202000101号'; ``badge`` True when the 党政机关网站标识 (conac) badge is present,
    ``badge_url`` where it links; ``units`` 主办单位 names; ``contacts`` phone numbers / addresses;
    ``page_url`` the page these were read from; ``snippet`` the footer text (≤ 500 chars) as evidence;
    ``rendered`` True when read from a browser's rendered DOM (the raw HTML lacked the footer).
    """

    page_url: str = ""
    site_id_codes: tuple[str, ...] = ()
    meta_site_id: str = ""
    icp: tuple[str, ...] = ()
    police_filings: tuple[str, ...] = ()
    badge: bool = False
    badge_url: str = ""
    units: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    snippet: str = ""
    rendered: bool = False


@dataclass(frozen=True)
class SiteFacts:
    """What the checks judge: the homepage's dated items, the columns (declared and discovered) with their
    items, and the footer identity. ``home_url`` is the homepage's final URL.

    ``blank_snippets`` maps a blank column's URL to the text its list page shows (≤ 200 characters,
    evidence for ``column.blank``); ``top_level`` holds the columns' URLs (as given in ``columns``) that
    are 一级栏目: linked from the homepage, or declared in the registry.
    """

    home_url: str
    home_items: tuple[DatedItem, ...] = ()
    columns: tuple[Column, ...] = ()
    identity: IdentityFacts = field(default_factory=IdentityFacts)
    blank_snippets: Mapping[str, str] = field(default_factory=dict)
    top_level: frozenset[str] = frozenset()
