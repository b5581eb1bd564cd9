"""The browser pass of a scan (issue #7 §5): render a sample of the crawled pages in headless Chromium so
the checks see what a visitor's browser shows (CSS-hidden and script-injected links, scripts loaded at
run time, a footer written by JavaScript). Off by default (``ScanRequest.browser`` / ``--browser``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govwatch.browser import BrowserUnavailable, browser_missing, render_pages, sample_urls
from govwatch.core.crawl_result import CrawlResult
from govwatch.core.rendered import RenderedPage
from govwatch.crawl import CrawlOptions
from govwatch.extract.facts import SiteFacts
from govwatch.extract.rendered import lacks_footer

#: Checks judged only on the rendered sample: without a browser pass they did not run.
BROWSER_CHECKS = frozenset({"security.hidden_link", "accessibility", "elderly", "mobile"})


@dataclass(frozen=True)
class BrowserPass:
    """What the pass produced: the ``rendered`` pages (sample order, homepage first) and Chinese
    ``notes`` for the report (what was rendered, or why nothing was)."""

    rendered: tuple[RenderedPage, ...] = ()
    notes: tuple[str, ...] = ()


async def browser_pass(crawl: CrawlResult, facts: SiteFacts, options: CrawlOptions, *,
                       max_pages: int = 20, screenshot_dir: Path | None = None, audit: int = 1) -> BrowserPass:
    """Render the sample (homepage, one page per column, pages whose raw HTML lacks the footer; at most
    ``max_pages``) with the crawl's ``resolve`` pins and user agent; screenshots go to ``screenshot_dir``;
    the first ``audit`` pages (the homepage) also get the 适老化/mobile/axe audit.
    Never raises for a missing browser: the pass is then empty with a note saying what to install."""
    missing = browser_missing()
    if missing:
        return BrowserPass(notes=(f"本次监测未进行浏览器检查：{missing}。",))
    urls = sample_urls(crawl, [c.url for c in facts.columns], lacks_footer, max_pages)
    raw = {url: page.html for url in urls if (page := crawl.page(url)) is not None}
    try:
        rendered = await render_pages(urls, resolve=options.resolve, raw_html=raw, screenshot_dir=screenshot_dir,
                                      timeout=options.total_timeout, user_agent=options.user_agent, audit=audit)
    except BrowserUnavailable as exc:
        return BrowserPass(notes=(f"本次监测未进行浏览器检查：{exc}。",))
    failed = sum(1 for page in rendered if page.error)
    note = (f"浏览器检查：用 Chromium 渲染了 {len(rendered)} 个抽样页面（首页、每个栏目一页、原始 HTML 缺少底部"
            f"信息的页面）" + (f"，其中 {failed} 个未能打开" if failed else "") + "。")
    return BrowserPass(tuple(rendered), (note,))
