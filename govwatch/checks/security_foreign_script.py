"""Check ``security.foreign_script`` — scripts and frames loaded from hosts outside the site's allowlist.

Source: 国办发〔2017〕47号 安全防护 (防范挂马、篡改; 不得链接或加载来源不明的外部资源) and 国办秘函〔2019〕19号
单项否决 item 4 (挂马 …). Third-party code runs with the site's authority: an injected ``<script>`` or a
hidden ``<iframe>`` is how 挂马 and 暗链 are planted. Judged on the raw HTML of every crawled page
(``<script src>``, ``<iframe src>``) and, with a browser pass, on what the rendered sample requested
(scripts added by other scripts included). Trusted hosts: :mod:`govwatch.checks.trust` plus
``allowed_hosts``. Code ``security.foreign_script``: one finding per untrusted host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.checks.trust import DEFAULT_SUFFIXES, is_trusted
from govwatch.core.models import Finding
from govwatch.core.urls import host_of, normalize_url

ID = "security.foreign_script"
MAX_LISTED = 10
_SRC = re.compile(r"""<(script|i?frame)\b[^>]*?(?<![\w-])src\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_KIND = {"script": "脚本", "frame": "内嵌框架（iframe）"}


class Params(BaseModel):
    """``trusted_suffixes`` host suffixes allowed (government domains); ``allowed_hosts`` further hosts
    the site is known to use (统计、无障碍插件 …), exact names."""

    model_config = ConfigDict(extra="forbid")
    trusted_suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
    allowed_hosts: list[str] = Field(default_factory=list)


def raw_loads(html: str, page_url: str) -> Iterable[tuple[str, str]]:
    """(kind 'script'|'frame', absolute URL) for each ``<script src>``, ``<iframe src>``, ``<frame src>``
    in raw ``html`` (a regex pass: ~0.01 ms a page, so every crawled page is covered cheaply)."""
    for match in _SRC.finditer(html):
        try:
            url = normalize_url(match.group(2), page_url)
        except ValueError:
            continue
        if url:
            yield ("script" if match.group(1).lower() == "script" else "frame"), url


def loads(ctx: ScanContext) -> Iterable[tuple[str, str, str, str]]:
    """(kind 'script'|'frame', resource URL, page URL, source 'raw'|'rendered') for everything loaded."""
    for page in ctx.crawl.pages:
        for kind, url in raw_loads(page.html, page.fetch.final_url or page.url):
            yield kind, url, page.url, "raw"
    for rendered in ctx.rendered:
        for url in rendered.scripts:
            yield "script", url, rendered.final_url, "rendered"
        for url in rendered.frames:
            yield "frame", url, rendered.final_url, "rendered"


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per untrusted host that a page loads a script or frame from."""
    by_host: dict[str, dict[str, dict[str, None]]] = {}
    for kind, url, page, source in loads(ctx):
        host = host_of(url)
        if not url.startswith(("http://", "https://")) or is_trusted(host, ctx.site, params.trusted_suffixes,
                                                                    params.allowed_hosts):
            continue
        entry = by_host.setdefault(host, {"kinds": {}, "urls": {}, "pages": {}, "sources": {}})
        for key, value in (("kinds", kind), ("urls", url), ("pages", page), ("sources", source)):
            entry[key].setdefault(value)
    for host, entry in sorted(by_host.items()):
        kinds, pages = "、".join(_KIND[k] for k in entry["kinds"]), list(entry["pages"])
        yield Finding(
            code="security.foreign_script", target=ctx.site.home_url, url=pages[0],
            message=f"{len(pages)} 个页面从非本站且不在白名单内的主机 {host} 加载{kinds}。",
            evidence={"host": host, "kinds": list(entry["kinds"]), "urls": list(entry["urls"])[:MAX_LISTED],
                      "pages": pages[:MAX_LISTED], "sources": list(entry["sources"])},
            fix="核实该外部脚本或框架的来源与必要性：不需要的立即删除并排查是否被植入；需要的改为本站托管或将该主机列入白名单。",
            count=len(pages),
        )
