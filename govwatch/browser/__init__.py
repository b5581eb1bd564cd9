"""Headless Chromium layer (beside crawl in the layer contract): launch, render, inspect computed styles,
screenshot. Imports core and rules only. See :mod:`govwatch.browser.render`."""

from govwatch.browser.chromium import (
           BASE_ARGS,
           CHROMIUM,
           BrowserUnavailable,
           Chromium,
           browser_missing,
           launch_args,
)
from govwatch.browser.render import render_page, render_pages
from govwatch.browser.sample import sample_urls

__all__ = ["BASE_ARGS", "CHROMIUM", "BrowserUnavailable", "Chromium", "browser_missing", "launch_args",
           "render_page", "render_pages", "sample_urls"]
