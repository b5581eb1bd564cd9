"""Check ``seo`` — search-engine basics of the homepage: a title, a description, exactly one ``<h1>``,
a canonical link, /robots.txt and a sitemap.

Source: 国办发〔2017〕47号《政府网站发展指引》 (网页标题、关键词等元数据规范, 便于搜索引擎收录) and
GB/T 33476.2-2016 (党政机关网站元数据) [U: the national indicators of 2019 do not score these]; the
individual items follow the search engines' webmaster guidelines (百度搜索资源平台, Google Search Central).
Judged on the crawled homepage and, for robots.txt and the sitemap, on the extended probe — so only in
scans with ``--security`` (the default scan is unchanged). Codes ``seo.title``, ``seo.description``,
``seo.h1``, ``seo.canonical``, ``seo.robots``, ``seo.sitemap``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.html import parse, text_of

ID = "seo"


class Params(BaseModel):
    """``require_canonical``: report a homepage without ``<link rel=canonical>``; ``min_title`` shortest
    useful title (characters)."""

    model_config = ConfigDict(extra="forbid")
    require_canonical: bool = True
    min_title: int = 2


def _homepage_items(html: str, params: Params) -> list[tuple[str, str, str, dict[str, object]]]:
    tree = parse(html)
    title = text_of(tree.css_first("title"))
    meta = tree.css_first('meta[name="description" i]')
    description = str(meta.attributes.get("content") or "").strip() if meta is not None else ""
    h1 = [text_of(n) for n in tree.css("h1")]
    canonical = tree.css_first('link[rel="canonical" i]')
    out: list[tuple[str, str, str, dict[str, object]]] = []
    if len(title) < params.min_title:
        out.append(("seo.title", "首页缺少网页标题（<title>）。", "为首页设置能说明网站名称的 <title>。", {"title": title}))
    if not description:
        out.append(("seo.description", "首页缺少网页描述（<meta name=\"description\">）。",
                    "在首页头部加入 <meta name=\"description\" content=\"网站简介\">。", {}))
    if len(h1) != 1:
        out.append(("seo.h1", f"首页应有且只有一个一级标题（<h1>），实际 {len(h1)} 个。",
                    "首页保留一个标明网站名称的 <h1>，其余标题改用 <h2>–<h6>。", {"h1": h1[:10]}))
    if params.require_canonical and (canonical is None or not canonical.attributes.get("href")):
        out.append(("seo.canonical", "首页未声明规范网址（<link rel=\"canonical\">）。",
                    "在首页头部加入 <link rel=\"canonical\" href=\"首页网址\">，避免同一页面多个网址分散收录。", {}))
    return out


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings on the homepage and its robots.txt/sitemap (nothing without the extended probe)."""
    t = ctx.transport
    home = ctx.crawl.home
    if t is None or t.extra is None or home is None or not home.fetch.ok or not home.html:
        return
    url, target = home.fetch.final_url or home.url, ctx.site.home_url
    for code, message, fix, evidence in _homepage_items(home.html, params):
        yield Finding(code=code, target=target, url=url, message=message, fix=fix, evidence=evidence)
    robots, sitemap = t.extra.robots, t.extra.sitemap
    if robots is not None and robots.status is not None and not robots.ok:
        yield Finding(code="seo.robots", target=target, url=robots.url, evidence={"status": robots.status},
                      message=f"网站没有 robots.txt（HTTP {robots.status}）。",
                      fix="在网站根目录放置 robots.txt，说明允许抓取的范围并声明 Sitemap 地址。")
    if sitemap is not None and sitemap.status is not None and not (sitemap.ok and "<urlset" in sitemap.text[:5000]
                                                                    or sitemap.ok and "<sitemapindex" in sitemap.text[:5000]):
        yield Finding(code="seo.sitemap", target=target, url=sitemap.url,
                      evidence={"status": sitemap.status, "first_bytes": sitemap.text[:200]},
                      message=f"网站没有可用的站点地图（{sitemap.url}：HTTP {sitemap.status}"
                              + ("，内容不是 sitemap XML" if sitemap.ok else "") + "）。",
                      fix="生成 sitemap.xml（列出栏目和文章网址）放在网站根目录，并在 robots.txt 中声明。")
