"""Check ``seo.search`` — the site search (站内搜索) answers a query for the title of an article the crawl
read.

Source: 国办发〔2017〕47号《政府网站发展指引》 (搜索功能: 站内搜索应能准确检索本网站信息);
国办秘函〔2019〕19号 (站内搜索 is among the 服务实用 items) [U: scored nowhere here]. Judged on the
extended probe's search (:mod:`govwatch.crawl.seo_probe`), so only with ``--security``. Codes:
``seo.search_missing`` (no search form on the homepage), ``seo.search_failed`` (the search page did not
answer 2xx), ``seo.search_not_found`` (it answered, but no result links to the article or carries its
title). A search box run by JavaScript (no form action, ``onsubmit``, an input outside any form) is not
judged: only a browser could submit it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "seo.search"


class Params(BaseModel):
    """``require_search``: report a homepage without a search form."""

    model_config = ConfigDict(extra="forbid")
    require_search: bool = True


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """At most one finding about the site search."""
    t = ctx.transport
    probe = t.extra.search if t is not None and t.extra is not None else None
    home = ctx.crawl.home
    if probe is None or home is None or not home.fetch.ok:
        return
    target, url = ctx.site.home_url, home.fetch.final_url or home.url
    if not probe.form_action:
        if params.require_search:
            yield Finding(code="seo.search_missing", target=target, url=url, message="首页未发现站内搜索框。",
                          evidence={}, fix="在首页显著位置提供站内搜索，并能检索到本网站发布的信息。")
        return
    result = probe.result
    if probe.scripted or result is None or probe.found is None:
        return  # a search run by JavaScript, or no article known to ask for: not judged
    evidence = {"form_action": probe.form_action, "method": probe.method, "field": probe.field, "query": probe.query,
                "article": probe.article_url, "status": result.status, "error": result.error,
                "result_url": result.final_url, "result_excerpt": result.text[:500]}
    if not result.ok:
        yield Finding(code="seo.search_failed", target=target, url=result.final_url or probe.form_action,
                      evidence=evidence, message=f"站内搜索无法使用：搜索「{probe.query}」时"
                      + (f"返回 HTTP {result.status}" if result.status else f"请求失败（{result.error}）") + "。",
                      fix="修复站内搜索服务，使其正常返回结果。")
    elif not probe.found:
        yield Finding(code="seo.search_not_found", target=target, url=result.final_url or probe.form_action,
                      evidence=evidence, message=f"站内搜索查不到本站已发布的文章「{probe.query}」。",
                      fix="检查站内搜索的索引是否及时更新、是否覆盖全部栏目。")
