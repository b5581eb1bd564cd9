"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright: launch, render, close.

Never downloads a browser build (DESIGN.md §5): the executable is always the system one. The crawl's
``resolve`` pins (``curl --resolve``) become Chromium's ``--host-resolver-rules`` so a stored site served
on 127.0.0.1 renders as if live, with its own Host header.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from govwatch.core.errors import GovwatchError

CHROMIUM = Path(os.environ.get("GOVWATCH_CHROMIUM", "/usr/bin/chromium"))
BASE_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run")


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def screenshot_name(index: int, url: str) -> str:
    """A file name for the screenshot of the ``index``-th rendered ``url`` (safe characters only)."""
    return f"{index:03d}-{_UNSAFE.sub('_', url.split('://', 1)[-1])[:80]}.jpg"


class BrowserUnavailable(GovwatchError):
    """Chromium or the Playwright package is missing on this machine (run scripts/browser)."""


def browser_missing() -> str:
    """'' when a browser pass can run here, else the reason in Chinese (what to install)."""
    if not CHROMIUM.is_file():
        return f"未找到 Chromium（{CHROMIUM}）：请运行 scripts/browser 安装 chromium 与 fonts-noto-cjk"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "未安装 Python 包 playwright：pip install playwright（无需 playwright install）"
    return ""


def resolver_rules(resolve: Mapping[tuple[str, int], str]) -> str:
    """``--host-resolver-rules`` text for ``(host, port) → address`` pins: ``MAP host:port addr:port``
    rules joined by commas ('' for no pins). IPv6 addresses are bracketed."""
    rules = []
    for (host, port), addr in sorted(resolve.items()):
        target = f"[{addr}]" if ":" in addr else addr
        rules.append(f"MAP {host}:{port} {target}:{port}")
    return ", ".join(rules)


def launch_args(resolve: Mapping[tuple[str, int], str] | None = None) -> list[str]:
    """Chromium command-line switches: :data:`BASE_ARGS` plus the resolver rules for ``resolve``."""
    args = list(BASE_ARGS)
    rules = resolver_rules(resolve or {})
    if rules:
        args.append(f"--host-resolver-rules={rules}")
    return args


class Chromium:
    """An open headless Chromium. ``async with Chromium(resolve) as browser: await browser.new_page()``.

    Raises :class:`BrowserUnavailable` on entry when the executable or Playwright is missing; a launch
    failure is re-raised as :class:`BrowserUnavailable` with Playwright's message.
    """

    def __init__(self, resolve: Mapping[tuple[str, int], str] | None = None, *,
                 user_agent: str | None = None) -> None:
        self.resolve = dict(resolve or {})
        self.user_agent = user_agent
        self._playwright: Any = None
        self._browser: Any = None

    async def __aenter__(self) -> Chromium:
        missing = browser_missing()
        if missing:
            raise BrowserUnavailable(missing)
        from playwright.async_api import Error, async_playwright

        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=launch_args(self.resolve), headless=True)
        except Error as exc:
            await self._playwright.stop()
            raise BrowserUnavailable(f"Chromium 启动失败：{exc}") from exc
        return self

    async def new_context(self, *, width: int = 1280, height: int = 800, **kwargs: Any) -> Any:
        """A fresh browser context (own cookies) with a ``width``×``height`` CSS-pixel viewport."""
        options: dict[str, Any] = {"viewport": {"width": width, "height": height},
                                   "ignore_https_errors": True, **kwargs}
        if self.user_agent:
            options.setdefault("user_agent", self.user_agent)
        return await self._browser.new_context(**options)

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
