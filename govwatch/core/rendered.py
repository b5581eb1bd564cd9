"""What a headless browser saw on one page: the rendered DOM, its anchors with their computed styles,
the scripts and frames it loaded, and a screenshot. Produced by ``govwatch.browser``, judged by checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RenderedAnchor:
    """One ``<a href>`` in the rendered DOM.

    ``url`` absolute as the browser resolved it; ``text`` its visible-or-not text (≤ 200 characters);
    ``snippet`` its outerHTML (≤ 500 characters); ``hidden`` the concealment techniques found, any of
    display_none, visibility_hidden, opacity_zero, off_screen, zero_size, font_size_zero, same_color,
    marquee; ``style`` the computed style values that prove them (CSS property → value, plus
    ``background`` the effective background colour and ``rect`` the box as "x,y,w,h" in CSS pixels).
    """

    url: str
    text: str
    snippet: str
    hidden: tuple[str, ...] = ()
    style: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedPage:
    """A page as Chromium rendered it.

    ``url`` the URL requested; ``final_url`` after redirects; ``status`` HTTP status of the main document
    (None when navigation failed, then ``error`` says why); ``html`` the rendered DOM serialised
    (``document.documentElement.outerHTML``); ``raw_html`` the HTML the crawl fetched ('' if unknown);
    ``anchors`` every ``<a href>`` with http(s) target; ``scripts`` URLs of scripts loaded or present
    (network requests of type script and ``<script src>``); ``frames`` URLs of frames likewise;
    ``screenshot`` the path of a JPEG of the whole page ('' when none was taken); ``seconds`` wall time; ``audit`` the 适老化/mobile/axe audit when one was run (homepage).
    """

    url: str
    final_url: str
    status: int | None
    html: str = field(repr=False)
    raw_html: str = field(default="", repr=False)
    anchors: tuple[RenderedAnchor, ...] = field(default=(), repr=False)
    scripts: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    screenshot: str = ""
    seconds: float = 0.0
    error: str = ""
    audit: PageAudit | None = None


@dataclass(frozen=True)
class AxeViolation:
    """One axe-core rule a page violates: ``rule`` id ('color-contrast' …), ``impact`` (minor, moderate,
    serious, critical), ``tags`` (wcag2a, wcag2aa, wcag21aa …), ``help`` the rule's summary, ``help_url``,
    ``nodes`` up to 10 (CSS selector, outerHTML ≤ 300 chars) pairs, ``count`` all nodes."""

    rule: str
    impact: str
    tags: tuple[str, ...]
    help: str
    help_url: str = ""
    nodes: tuple[tuple[str, str], ...] = ()
    count: int = 0


@dataclass(frozen=True)
class ViewAudit:
    """A page measured at one viewport ``width`` (CSS px): ``scroll_width`` of the document (> width
    means horizontal scrolling), ``viewport_meta`` the ``<meta name=viewport>`` content (None: absent),
    ``elderly_entries`` links/buttons whose text names an elderly or accessible mode (text, href),
    ``line_height``/``contrast``/``targets`` counters with samples (``checked``, ``low``/``small``,
    ``samples``), ``screenshot`` path ('' when none)."""

    width: int
    scroll_width: int
    viewport_meta: str | None = None
    elderly_entries: tuple[Mapping[str, str], ...] = ()
    line_height: Mapping[str, Any] = field(default_factory=dict)
    contrast: Mapping[str, Any] = field(default_factory=dict)
    targets: Mapping[str, Any] = field(default_factory=dict)
    screenshot: str = ""

    @property
    def overflows(self) -> bool:
        """True when the page scrolls horizontally at this width (1 px tolerance)."""
        return self.scroll_width > self.width + 1


@dataclass(frozen=True)
class ElderlyMode:
    """The page as shown after clicking the homepage's elderly-mode entry (适老化 "no pop-ups or ads in
    elderly mode"): ``entry`` the entry's text, ``url`` the page then shown, ``popups`` visible dialogs,
    overlays covering ≥ 30 % of the window and fixed/absolute elements named like ads or floating windows
    (``element``, ``reason`` dialog/overlay/ad, ``text``, ``rect``), ``dialogs`` JavaScript alert/confirm
    messages it raised, ``screenshot`` path, ``error`` why it could not be judged."""

    entry: str
    url: str = ""
    popups: tuple[Mapping[str, str], ...] = ()
    dialogs: tuple[str, ...] = ()
    screenshot: str = ""
    error: str = ""


@dataclass(frozen=True)
class PageAudit:
    """适老化, mobile and accessibility measurements of one page: ``desktop`` (1280 px), ``zoom`` (640 px:
    what 200 % zoom leaves of a 1280 px window), ``mobile`` (375 px, touch), ``axe`` the axe-core WCAG
    2.x A/AA violations, ``axe_version``; ``error`` why the audit failed ('' when it ran);
    ``elderly_mode`` the page behind the elderly-mode entry (None when the homepage has none)."""

    url: str
    desktop: ViewAudit | None = None
    zoom: ViewAudit | None = None
    mobile: ViewAudit | None = None
    axe: tuple[AxeViolation, ...] = ()
    axe_version: str = ""
    error: str = ""
    elderly_mode: ElderlyMode | None = None
