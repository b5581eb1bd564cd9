"""Render pages in headless Chromium and read what a visitor's browser shows (issue #7 §5).

:func:`render_pages` opens one browser for a list of URLs, loads each, waits briefly for scripts, runs
``js/inspect.js`` (anchors with their computed styles and concealment techniques, ``<script>`` and
``<iframe>`` sources), records the script and frame requests the page made, and saves a JPEG screenshot.
A page that fails to load becomes a :class:`RenderedPage` with ``error`` set, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from govwatch.browser.audit import audit_page
from govwatch.browser.chromium import Chromium, screenshot_name
from govwatch.core.rendered import RenderedAnchor, RenderedPage

INSPECT_JS = (Path(__file__).parent / "js" / "inspect.js").read_text(encoding="utf-8")


def _anchor(raw: Mapping[str, Any]) -> RenderedAnchor:
    return RenderedAnchor(url=str(raw["url"]), text=str(raw["text"]), snippet=str(raw["snippet"]),
                          hidden=tuple(raw["hidden"]), style={k: str(v) for k, v in raw["style"].items()})


class _Pending:
    """Counts a tab's requests in flight, so settling after ``load`` ends as soon as the network is quiet
    (Playwright's ``networkidle`` always costs 500 ms)."""

    def __init__(self, tab: Any) -> None:
        self.count = 0
        self.requested: dict[str, list[str]] = {}
        tab.on("request", self._start)
        tab.on("requestfinished", self._end)
        tab.on("requestfailed", self._end)

    def _start(self, request: Any) -> None:
        self.count += 1
        self.requested.setdefault(request.resource_type, []).append(request.url)

    def _end(self, request: Any) -> None:
        self.count = max(0, self.count - 1)

    async def settle(self, seconds: float, grace: float = 0.1) -> None:
        """Wait until no request is in flight for ``grace`` seconds, ``seconds`` at most."""
        deadline = time.monotonic() + seconds
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.count:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= grace:
                return
            await asyncio.sleep(0.025)


async def render_page(browser: Chromium, url: str, *, raw_html: str = "", screenshot: Path | None = None,
                      timeout: float = 15.0, settle: float = 2.0, context: Any = None) -> RenderedPage:
    """Load ``url`` in a new tab and inspect it (see module docstring).

    ``timeout`` seconds for the navigation; ``settle`` seconds at most to wait after ``load`` for
    requests still in flight (scripts that inject content); ``screenshot`` where to write a full-page
    JPEG (None: none). ``context`` a browser context to use (default: a fresh 1280×800 one, closed
    afterwards).
    """
    own = context is None
    ctx = await browser.new_context() if own else context
    started = time.monotonic()
    tab = await ctx.new_page()
    pending = _Pending(tab)
    try:
        return await _inspect(tab, url, raw_html, screenshot, timeout, settle, pending, started)
    finally:
        await tab.close()
        if own:
            await ctx.close()


async def _inspect(tab: Any, url: str, raw_html: str, screenshot: Path | None, timeout: float,
                   settle: float, pending: _Pending, started: float) -> RenderedPage:
    from playwright.async_api import Error

    try:
        response = await tab.goto(url, wait_until="load", timeout=timeout * 1000)
    except Error as exc:
        return RenderedPage(url=url, final_url=url, status=None, html="", raw_html=raw_html,
                            seconds=time.monotonic() - started, error=str(exc).splitlines()[0])
    await pending.settle(settle)
    found = await tab.evaluate(INSPECT_JS)
    html = await tab.content()
    shot = ""
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Error):
            await tab.screenshot(path=str(screenshot), full_page=True, type="jpeg", quality=60)
            shot = str(screenshot)
    requested = pending.requested
    frames = [u for u in requested.get("document", []) if u not in (url, tab.url)]
    return RenderedPage(
        url=url, final_url=tab.url, status=response.status if response is not None else None, html=html,
        raw_html=raw_html, anchors=tuple(_anchor(a) for a in found["anchors"]),
        scripts=tuple(dict.fromkeys([*requested.get("script", []), *found["scripts"]])),
        frames=tuple(dict.fromkeys([*frames, *found["frames"]])), screenshot=shot,
        seconds=time.monotonic() - started)


async def render_pages(urls: Sequence[str], *, resolve: Mapping[tuple[str, int], str] | None = None,
                       raw_html: Mapping[str, str] | None = None, screenshot_dir: Path | None = None,
                       timeout: float = 15.0, user_agent: str | None = None,
                       concurrency: int = 4, audit: int = 0) -> list[RenderedPage]:
    """Render each of ``urls`` in one Chromium (see :func:`render_page`), ``concurrency`` tabs at a
    time (most of a page's time is waiting for its network to go idle); results in the order of ``urls``.

    ``raw_html`` maps a URL to the HTML the crawl fetched (kept on the result for comparison);
    ``screenshot_dir`` where screenshots go (None: no screenshots); ``audit`` how many of the first URLs
    also get the 适老化/mobile/axe audit (:mod:`govwatch.browser.audit`, ≈3 s a page). Raises
    :class:`~govwatch.browser.chromium.BrowserUnavailable` when Chromium cannot be started.
    """
    raw = raw_html or {}
    gate = asyncio.Semaphore(max(1, concurrency))
    async with Chromium(resolve, user_agent=user_agent) as browser:
        context = await browser.new_context()

        async def one(index: int, url: str) -> RenderedPage:
            shot = screenshot_dir / screenshot_name(index, url) if screenshot_dir is not None else None
            async with gate:
                return await render_page(browser, url, raw_html=raw.get(url, ""), screenshot=shot,
                                         timeout=timeout, context=context)

        pages = list(await asyncio.gather(*(one(i, u) for i, u in enumerate(urls))))
        await context.close()
        for i, page in enumerate(pages[:audit]):
            if not page.error:
                found = await audit_page(browser, page.final_url, screenshot_dir=screenshot_dir, index=i,
                                         timeout=timeout)
                pages[i] = replace(page, audit=found)
        return pages
