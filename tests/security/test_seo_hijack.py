"""SEO basics, the site search and hijacked outbound links, through real scans with ``security`` over
fixture sites on 127.0.0.1 (other hosts pinned like curl --resolve)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from seckit import HOST, SITE, TODAY, context
from secserver import SecServer

from govwatch.checks import seo_search
from govwatch.core import CrawlResult, Fetch, Page, SiteSpec
from govwatch.core.transport import SearchProbe, SecurityFacts, TransportFacts
from govwatch.crawl import CrawlOptions
from govwatch.crawl.resolver import PinnedResolver
from govwatch.crawl.seo_probe import probe_search, search_form
from govwatch.services.scan import ScanOutcome, ScanRequest, scan_site

HERE = Path(__file__).parent
NOSEO = "www.noseo.gov.cn"
PARTNERS = {"www.parked-partner.com": HERE / "hijack_hosts" / "parked",
            "www.spam-partner.com": HERE / "hijack_hosts" / "spam",
            "www.good-partner.com": HERE / "hijack_hosts" / "good"}
ARTICLE = "县政府召开常务会议研究部署冬季安全生产工作"


def scan(home: str, pins: dict[tuple[str, int], str]) -> ScanOutcome:
    options = CrawlOptions(resolve=pins, check_external=False, max_pages=20, total_timeout=5)
    return scan_site(ScanRequest(site=SiteSpec(home_url=home), crawl=options, today=TODAY, security=True))


def codes(outcome: ScanOutcome, prefix: str) -> set[str]:
    return {f.code for f in outcome.findings if f.code.startswith(prefix)}


def test_seo_basics_missing_on_the_bad_homepage() -> None:
    with SecServer({NOSEO: HERE / "seo_bad"}, default_root=SITE) as srv:
        outcome = scan(f"http://{NOSEO}:{srv.port}/", {(NOSEO, srv.port): "127.0.0.1"})
    assert codes(outcome, "seo") == {"seo.title", "seo.description", "seo.h1", "seo.canonical", "seo.robots",
                                     "seo.sitemap", "seo.search_missing"}
    h1 = next(f for f in outcome.findings if f.code == "seo.h1")
    assert h1.evidence["h1"] == ["示例乡人民政府", "欢迎访问"]
    robots = next(f for f in outcome.findings if f.code == "seo.robots")
    assert robots.evidence["status"] == 404 and robots.url.endswith("/robots.txt")


def test_clean_homepage_passes_seo_and_its_search_finds_the_article() -> None:
    with SecServer(default_root=SITE) as srv:
        outcome = scan(f"http://{HOST}:{srv.port}/clean/index.html", {(HOST, srv.port): "127.0.0.1"})
        searched = srv.sample.hits
    assert codes(outcome, "seo") == set()
    assert any(key.startswith("/search?q=") for key in searched)


def search(port: int, page: str, title: str = ARTICLE) -> SearchProbe:
    async def go() -> SearchProbe:
        url = f"http://{HOST}:{port}{page}"
        connector = aiohttp.TCPConnector(resolver=PinnedResolver({(HOST, port): "127.0.0.1"}))
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.get(url) as resp:
                html = await resp.text()
            return await probe_search(session, html, url, title, f"http://{HOST}:{port}/clean/article.html", 5)
    return asyncio.run(go())


def judge(probe: SearchProbe, port: int) -> list[str]:
    home = f"http://{HOST}:{port}/clean/index.html"
    ctx = context(port, [])
    fetch = Fetch(url=home, final_url=home, status=200, seconds=0.1, size=1, content_type="text/html",
                  fetched_at=ctx.crawl.started_at)
    crawl = CrawlResult(site=ctx.site, started_at=ctx.crawl.started_at, finished_at=ctx.crawl.started_at,
                        pages=(Page(url=home, fetch=fetch, html="<html></html>", encoding="utf-8", depth=0, is_home=True),))
    ctx = replace(ctx, crawl=crawl, transport=TransportFacts(home_url=home, extra=SecurityFacts(search=probe)))
    return [f.code for f in seo_search.run(ctx, seo_search.Params())]


def test_site_search_cases() -> None:
    with SecServer(default_root=SITE) as srv:
        port = srv.port
        found = search(port, "/clean/index.html")
        stale = search(port, "/search/stale.html")
        broken = search(port, "/search/broken.html")
        unknown = search(port, "/clean/index.html", "本站从未发布过的文章标题一二三")
        scripted = search(port, "/search/scripted.html")
    assert found.found is True and found.field == "q" and found.result is not None and found.result.ok
    assert judge(found, port) == []
    # the result page echoes the query in its search box and text, but links to no article
    assert stale.found is False and stale.field == "searchword" and judge(stale, port) == ["seo.search_not_found"]
    assert broken.result is not None and broken.result.status == 500
    assert judge(broken, port) == ["seo.search_failed"]
    assert unknown.found is False
    # a search box run by JavaScript cannot be submitted without a browser: recorded, not judged
    assert scripted.scripted and scripted.field == "keyword" and scripted.result is None
    assert judge(scripted, port) == []


@pytest.mark.corpus
def test_govcn_homepage_search_is_recognised_as_scripted(corpus: Path) -> None:
    """The stored www.gov.cn homepage: its head search form has no action (JavaScript submits it)."""
    page = corpus / "sites" / "www.gov.cn" / "中国政府网_中央人民政府门户网站.html"
    form = search_form(page.read_text(encoding="utf-8", errors="replace"), "https://www.gov.cn/")
    assert form is not None and form.scripted and form.field == "headSearchword"


def test_hijacked_outbound_links() -> None:
    with SecServer(PARTNERS, default_root=SITE) as srv:
        pins = {(h, srv.port): "127.0.0.1" for h in [HOST, *PARTNERS]}
        outcome = scan(f"http://{HOST}:{srv.port}/hijack/index.html", pins)
    found = {f.evidence["host"]: f for f in outcome.findings if f.code == "links.hijacked"}
    assert set(found) == {"old-partner.invalid", "www.parked-partner.com", "www.spam-partner.com"}
    assert found["old-partner.invalid"].evidence["reason"] == "unresolvable"
    assert "RFC 6761" in found["old-partner.invalid"].message
    parked = found["www.parked-partner.com"]
    assert parked.evidence["reason"] == "parked" and "this domain is for sale" in parked.evidence["markers"]
    assert parked.evidence["texts"] == ["县旅游网"] and parked.evidence["pages"]
    spam = found["www.spam-partner.com"]
    assert spam.evidence["reason"] == "spam" and {"百家乐", "新葡京"} <= set(spam.evidence["words"])
    assert spam.evidence["status"] == 200
