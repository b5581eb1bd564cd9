"""适老化, mobile and accessibility audit of a page in headless Chromium (issue #7 §5).

The page is loaded three times: at 1280 CSS px (axe-core WCAG 2.x A/AA rules; line height, text
contrast, elderly-mode entry), at 640 CSS px (what 200 % browser zoom leaves of a 1280 px window: does
the page then scroll sideways?) and at 375 CSS px as a touch phone (viewport meta, horizontal overflow,
tap-target sizes), with a screenshot of the last two; then, when the page has an elderly-mode entry, once
more with the entry clicked, looking for pop-ups and ads (:func:`elderly_mode`). axe-core is the copy bundled in the PyPI package
``axe-playwright-python`` (never downloaded at run time).
"""

from __future__ import annotations

import contextlib
import importlib.resources
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from govwatch.browser.chromium import Chromium, screenshot_name
from govwatch.core.rendered import AxeViolation, ElderlyMode, PageAudit, ViewAudit

AUDIT_JS = (Path(__file__).parent / "js" / "audit.js").read_text(encoding="utf-8")
POPUPS_JS = (Path(__file__).parent / "js" / "popups.js").read_text(encoding="utf-8")
#: Clicks the first element whose text names an elderly mode; returns its text ('' when none).
CLICK_ENTRY_JS = """(words) => {
  for (const el of document.querySelectorAll("a, button, [role=button], [onclick]")) {
    const t = ((el.textContent || "") + " " + (el.getAttribute("title") || "") + " " + (el.getAttribute("aria-label") || "")).trim();
    if (words.some((w) => t.includes(w))) { el.removeAttribute("target"); el.click(); return t.slice(0, 40); }
  }
  return "";
}"""
ELDERLY_WORDS = ("长者", "适老", "关怀版", "老年版", "无障碍", "大字版", "读屏", "辅助浏览")
MIN_TARGET = 44  # CSS px: 《互联网网站适老化通用设计规范》 and WCAG 2.5.5
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
_VIEWS = {"desktop": (1280, False), "zoom": (640, False), "mobile": (375, True)}


@cache
def axe_source() -> str:
    """axe.min.js from the installed ``axe-playwright-python`` package."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def _violation(raw: dict[str, Any]) -> AxeViolation:
    nodes = tuple((" ".join(map(str, n.get("target", []))), str(n.get("html", ""))[:300]) for n in raw["nodes"][:10])
    return AxeViolation(rule=raw["id"], impact=raw.get("impact") or "", tags=tuple(raw.get("tags", [])),
                        help=raw.get("help", ""), help_url=raw.get("helpUrl", ""), nodes=nodes, count=len(raw["nodes"]))


async def _view(browser: Chromium, url: str, name: str, shot: Path | None, timeout: float,
                with_axe: bool) -> tuple[ViewAudit, list[AxeViolation], str]:
    width, phone = _VIEWS[name]
    extra: dict[str, Any] = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if phone else {}
    context = await browser.new_context(width=width, height=800 if not phone else 812, **extra)
    try:
        tab = await context.new_page()
        await tab.goto(url, wait_until="load", timeout=timeout * 1000)
        found = await tab.evaluate(AUDIT_JS, {"minTarget": MIN_TARGET, "elderlyWords": list(ELDERLY_WORDS)})
        violations: list[AxeViolation] = []
        version = ""
        if with_axe:
            await tab.evaluate(axe_source())
            result = await tab.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                        list(AXE_TAGS))
            violations = [_violation(v) for v in result["violations"]]
            version = str(result.get("testEngine", {}).get("version", ""))
        path = ""
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                await tab.screenshot(path=str(shot), full_page=False, type="jpeg", quality=60)
                path = str(shot)
        view = ViewAudit(width=width, scroll_width=int(found["scrollWidth"]), viewport_meta=found["viewportMeta"],
                         elderly_entries=tuple(found["elderlyEntries"]), line_height=found["lineHeight"],
                         contrast=found["contrast"], targets=found["targets"], screenshot=path)
        return view, violations, version
    finally:
        await context.close()


async def elderly_mode(browser: Chromium, url: str, *, shot: Path | None = None, timeout: float = 15.0,
                       settle: float = 1.0) -> ElderlyMode | None:
    """Open ``url``, click its elderly-mode entry and look for pop-ups and ads on what is then shown
    (:data:`POPUPS_JS`; JavaScript alert/confirm dialogs are recorded and dismissed). None when the page
    has no entry. Raises Playwright's ``Error`` when the page cannot be loaded."""
    context = await browser.new_context(width=1280, height=800)
    dialogs: list[str] = []

    async def on_dialog(dialog: Any) -> None:
        dialogs.append(str(dialog.message)[:200])
        await dialog.dismiss()

    try:
        tab = await context.new_page()
        tab.on("dialog", on_dialog)
        await tab.goto(url, wait_until="load", timeout=timeout * 1000)
        entry = await tab.evaluate(CLICK_ENTRY_JS, list(ELDERLY_WORDS))
        if not entry:
            return None
        await tab.wait_for_timeout(300)
        await tab.wait_for_load_state("load", timeout=timeout * 1000)
        await tab.wait_for_timeout(settle * 1000)
        popups = await tab.evaluate(POPUPS_JS)
        path = ""
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                await tab.screenshot(path=str(shot), full_page=False, type="jpeg", quality=60)
                path = str(shot)
        return ElderlyMode(entry=entry, url=tab.url, popups=tuple(popups), dialogs=tuple(dialogs), screenshot=path)
    finally:
        await context.close()


async def audit_page(browser: Chromium, url: str, *, screenshot_dir: Path | None = None, index: int = 0,
                     timeout: float = 15.0) -> PageAudit:
    """Audit ``url`` (see module docstring); a failure becomes ``PageAudit.error``, never an exception."""
    from playwright.async_api import Error

    views: dict[str, ViewAudit] = {}
    axe: list[AxeViolation] = []
    version = ""
    try:
        for name in _VIEWS:
            shot = None
            if screenshot_dir is not None and name != "desktop":
                shot = screenshot_dir / f"{name}-{screenshot_name(index, url)}"
            view, found, got = await _view(browser, url, name, shot, timeout, with_axe=name == "desktop")
            views[name] = view
            axe, version = (found, got) if name == "desktop" else (axe, version)
    except Error as exc:
        return PageAudit(url=url, error=str(exc).splitlines()[0])
    mode = None
    if views["desktop"].elderly_entries:
        shot = screenshot_dir / f"elderly-{screenshot_name(index, url)}" if screenshot_dir is not None else None
        try:
            mode = await elderly_mode(browser, url, shot=shot, timeout=timeout)
        except Error as exc:
            mode = ElderlyMode(entry=views["desktop"].elderly_entries[0].get("text", ""), error=str(exc).splitlines()[0])
    return PageAudit(url=url, desktop=views["desktop"], zoom=views["zoom"], mobile=views["mobile"],
                     axe=tuple(axe), axe_version=version, elderly_mode=mode)


async def audit_pages(browser: Chromium, urls: Sequence[str], *, screenshot_dir: Path | None = None,
                      timeout: float = 15.0) -> list[PageAudit]:
    """:func:`audit_page` for each of ``urls``, one after another, in an open browser."""
    return [await audit_page(browser, url, screenshot_dir=screenshot_dir, index=i, timeout=timeout)
            for i, url in enumerate(urls)]
