"""What a headless browser saw on one page: the rendered DOM, its anchors with their computed styles,
the scripts and frames it loaded, and a screenshot. Produced by ``govwatch.browser``, judged by checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
    ``screenshot`` the path of a JPEG of the whole page ('' when none was taken); ``seconds`` wall time.
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
