"""Check ``security.mixed_content`` — HTTPS pages that load scripts, styles, frames or images over
plain HTTP (browsers block the active ones, so the page breaks, and the rest can be tampered with).

Source: 国办发〔2017〕47号 安全防护（HTTPS）; W3C Mixed Content. Judged on the raw HTML of every crawled
HTTPS page. One finding per page, listing the HTTP resources (active: script, stylesheet, iframe;
passive: img, audio, video, source).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "security.mixed_content"
MAX_LISTED = 10
_SRC = re.compile(r"""<(script|iframe|frame|img|audio|video|source|embed)\b[^>]*?(?<![\w-])src\s*=\s*["']?(http://[^"'\s>]+)""",
                  re.IGNORECASE)
_CSS = re.compile(r"""<link\b(?=[^>]*\brel\s*=\s*["']?stylesheet)[^>]*?\bhref\s*=\s*["']?(http://[^"'\s>]+)""", re.IGNORECASE)
_ACTIVE = {"script", "iframe", "frame", "embed", "link"}


class Params(BaseModel):
    """``passive``: also report images and media (not only scripts, styles and frames)."""

    model_config = ConfigDict(extra="forbid")
    passive: bool = True


def http_resources(html: str) -> list[tuple[str, str]]:
    """(tag, URL) of every subresource in ``html`` referenced with an ``http://`` URL."""
    found = [(m.group(1).lower(), m.group(2)) for m in _SRC.finditer(html)]
    return found + [("link", m.group(1)) for m in _CSS.finditer(html)]


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per HTTPS page with HTTP subresources."""
    for page in ctx.crawl.pages:
        url = page.fetch.final_url or page.url
        if not url.startswith("https://") or not page.html:
            continue
        found = [(t, u) for t, u in http_resources(page.html) if params.passive or t in _ACTIVE]
        if not found:
            continue
        active = [u for t, u in found if t in _ACTIVE]
        yield Finding(code="security.mixed_content", target=ctx.site.home_url, url=url,
                      message=f"HTTPS 页面通过不安全的 HTTP 加载 {len(found)} 个资源"
                              + (f"（其中脚本、样式或框架 {len(active)} 个，浏览器会拦截）" if active else "") + "。",
                      evidence={"resources": [{"tag": t, "url": u} for t, u in found[:MAX_LISTED]],
                                "active": len(active), "total": len(found)},
                      fix="将页面中的资源地址改为 https:// 或相对地址。", count=1)
