"""Crawling small project-written sites: scope, limits, robots.txt, de-duplication, --resolve, seeds."""

from __future__ import annotations

import time
from dataclasses import replace

from crawltestkit import FAST, html

from govwatch.core import ColumnSpec, FetchError, LinkKind, LinkVerdict, SiteSpec
from govwatch.crawl import CrawlProgress, crawl_site, crawl_site_sync

NAV = '<a href="/">首页</a><a href="/news/">新闻动态</a><a href="/notice/index.html">通知公告</a>'
SITE = {
    "index.html": html(NAV + '<a href="/news/1.html">要闻一</a><img src="/img/logo.png" alt="标志">'
                       '<link rel="stylesheet" href="/css/site.css"><script src="/js/app.js"></script>'
                       '<a href="/missing.html">坏链接</a><a href="mailto:xx@example.gov.cn">信箱</a>'
                       '<a href="javascript:void(0)">脚本</a><a href="#top">顶部</a><a href="tel:12345">电话</a>', "首页"),
    "news/index.html": html(NAV + '<a href="1.html">要闻一</a><a href="2.html#part">要闻二</a><a href="../missing.html">坏</a>'),
    "news/1.html": html(NAV + '<a href="2.html">下一篇</a><img src="../img/logo.png" alt="标志">'),
    "news/2.html": html(NAV + '<a href="1.html">上一篇</a><a href="/files/report.pdf">附件下载</a>'),
    "notice/index.html": html(NAV),
    "img/logo.png": b"\x89PNG\r\n",
    "css/site.css": "body{}",
    "js/app.js": "var a=1;",
    "files/report.pdf": b"%PDF-1.4\n",
}


def test_every_url_fetched_once_and_classified(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve(SITE)
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    base = srv.url
    hits = dict(srv.sample.hits)
    assert hits.pop("/robots.txt") == 1
    assert all(n == 1 for n in hits.values()), hits  # no URL requested twice, HEAD 200 never redone
    assert "/news/2.html#part" not in hits and not any("mailto" in p or "javascript" in p for p in hits)
    assert {p.url for p in result.pages} == {base + u for u in ("/", "/news/", "/news/1.html", "/news/2.html",
                                                               "/notice/index.html", "/missing.html")}
    assert result.home is not None and result.home.is_home and result.home.depth == 0
    assert result.pages[0] is result.home
    kinds = {u.removeprefix(base): c.kind for u, c in result.links.items()}
    assert kinds["/img/logo.png"] is LinkKind.IMAGE and kinds["/css/site.css"] is LinkKind.STYLE
    assert kinds["/js/app.js"] is LinkKind.SCRIPT and kinds["/files/report.pdf"] is LinkKind.ATTACHMENT
    assert kinds["/news/1.html"] is LinkKind.PAGE
    assert srv.sample.methods["/img/logo.png"] == ["HEAD"]


def test_referrers_anchor_text_and_on_home(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve(SITE)
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    base = srv.url
    dead = result.links[base + "/missing.html"]
    assert dead.verdict is LinkVerdict.DEAD and dead.fetch.status == 404 and dead.on_home
    assert set(dead.referrers) == {(base + "/", "坏链接"), (base + "/news/", "坏")}
    pdf = result.links[base + "/files/report.pdf"]
    assert pdf.referrers == ((base + "/news/2.html", "附件下载"),) and not pdf.on_home
    logo = result.links[base + "/img/logo.png"]
    assert {src for src, _ in logo.referrers} == {base + "/", base + "/news/1.html"}
    assert all(text == "标志" for _, text in logo.referrers)
    home = result.home
    assert home is not None
    assert {link.url for link in home.links} >= {base + "/news/1.html", base + "/img/logo.png"}
    assert all(link.source == base + "/" for link in home.links)


def test_depth_limit_checks_but_does_not_parse(serve) -> None:  # type: ignore[no-untyped-def]
    chain = {"index.html": html('<a href="/d1.html">一</a>')}
    for n in range(1, 5):
        chain[f"d{n}.html"] = html(f'<a href="/d{n + 1}.html">下一层</a>')
    srv = serve(chain)
    result = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, max_depth=2))
    assert [p.depth for p in result.pages] == [0, 1, 2]
    assert result.links[srv.url + "/d3.html"].verdict is LinkVerdict.OK  # checked, not parsed
    assert srv.sample.methods["/d3.html"] == ["HEAD"]
    assert srv.sample.hits["/d4.html"] == 0
    assert any("最大深度" in n for n in result.notes)


def test_page_limit(serve) -> None:  # type: ignore[no-untyped-def]
    pages = {"index.html": html("".join(f'<a href="/p{n}.html">第{n}页</a>' for n in range(10)))}
    pages |= {f"p{n}.html": html("正文") for n in range(10)}
    srv = serve(pages)
    result = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, max_pages=4))
    assert len(result.pages) == 4 and result.stats.limit_reached
    assert len(result.links) == 11  # the other pages are still checked
    assert any("页面数上限" in n for n in result.notes)


def test_trap_guard_stops_the_calendar(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="/trap/1">日历</a>')})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, trap_limit=5, max_depth=1000))
    trap_pages = [p for p in result.pages if "/trap/" in p.url]
    # Chains of at most 5 pages after /trap/1, each step +1 or +2, reach /trap/11 at most: ≤ 11 plain pages
    # plus one ?month= variant per admitted page; which referrer admits a page first depends on timing.
    assert 5 <= len(trap_pages) <= 2 * (2 * 5 + 1)
    assert result.stats.trap_skipped > 0
    assert any("陷阱防护" in n for n in result.notes)


def test_robots_disallow_respected(serve) -> None:  # type: ignore[no-untyped-def]
    robots = "User-agent: *\nDisallow: /private/\n"
    srv = serve({"robots.txt": robots, "index.html": html('<a href="/private/a.html">内部</a><a href="/pub.html">公开</a>'),
                 "private/a.html": html("内部"), "pub.html": html("公开")})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    assert srv.sample.hits["/private/a.html"] == 0
    assert srv.url + "/private/a.html" not in result.links  # not a dead or blocked link
    assert result.stats.robots_disallowed == 1 and not result.robots_ignored
    assert result.robots_txt == robots
    assert result.links[srv.url + "/pub.html"].verdict is LinkVerdict.OK


def test_robots_ignore_switch_recorded(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"robots.txt": "User-agent: *\nDisallow: /\n", "index.html": html('<a href="/a.html">甲</a>'),
                 "a.html": html("甲")})
    result = crawl_site_sync(SiteSpec(srv.url + "/", ignore_robots=True), FAST)
    assert result.robots_ignored
    assert srv.sample.hits["/a.html"] == 1 and len(result.pages) == 2
    assert result.stats.robots_disallowed == 0
    assert any("忽略 robots.txt" in n and "2 个" in n for n in result.notes)


def test_robots_disallowing_home_leaves_a_blocked_home_page(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"robots.txt": "User-agent: govwatch\nDisallow: /\n", "index.html": html("首页")})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    assert srv.sample.hits["/"] == 0
    assert result.home is not None and result.home.fetch.error is FetchError.BLOCKED


def test_resolve_keeps_host_header(serve) -> None:  # type: ignore[no-untyped-def]
    host = "www.example.gov.cn"
    srv = serve({"index.html": html('<p>默认站点</p>')},
                extra_roots={host: {"index.html": html('<p>示例政府网</p><a href="/a.html">甲</a>'),
                                    "a.html": html("甲页")}})
    home = f"http://{host}:{srv.port}/"
    result = crawl_site_sync(SiteSpec(home), replace(FAST, resolve={(host, srv.port): "127.0.0.1"}))
    assert result.home is not None and "示例政府网" in result.home.html  # served by Host, not by address
    assert result.links[f"http://{host}:{srv.port}/a.html"].verdict is LinkVerdict.OK
    unresolved = crawl_site_sync(SiteSpec(home), FAST)
    assert unresolved.home is not None and unresolved.home.fetch.error is FetchError.DNS


def test_declared_columns_are_seeded(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html("首页没有栏目链接"), "hidden/list.html": html('<a href="/hidden/1.html">文章</a>'),
                 "hidden/1.html": html("文章")})
    site = SiteSpec(srv.url + "/", columns=(ColumnSpec("隐藏栏目", srv.url + "/hidden/list.html"),))
    result = crawl_site_sync(site, replace(FAST, max_pages=1))  # seeds are parsed whatever the page limit
    column = result.page(srv.url + "/hidden/list.html")
    assert column is not None and column.depth == 1 and "文章" in column.html
    assert srv.url + "/hidden/1.html" in result.links


def test_out_of_scope_redirect_checked_not_parsed(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="/goto?url=http://localhost:{PORT}/other.html">跳出</a>'),
                 "other.html": html('<a href="/never.html">不应抓取</a>')}, aliases=("localhost",))
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    check = result.links[srv.url + f"/goto?url=http://localhost:{srv.port}/other.html"]
    assert check.verdict is LinkVerdict.OK and check.fetch.final_url == f"http://localhost:{srv.port}/other.html"
    assert [p.url for p in result.pages] == [srv.url + "/"]
    assert srv.sample.hits["/other.html"] == 1 and srv.sample.hits["/never.html"] == 0


def test_home_redirect_brings_final_host_into_scope(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="/a.html">甲</a>'), "a.html": html("甲")}, aliases=("localhost",))
    home = f"http://localhost:{srv.port}/goto?url=http://127.0.0.1:{srv.port}/"
    result = crawl_site_sync(SiteSpec(home), FAST)
    assert result.home is not None and result.home.fetch.final_url == srv.url + "/"
    assert result.page(srv.url + "/a.html") is not None  # parsed: 127.0.0.1 joined the scope
    assert any("纳入抓取范围" in n for n in result.notes)


def test_extra_hosts_in_scope_and_external_checking_switch(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="http://localhost:{PORT}/b.html">兄弟站</a>'
                                    '<a href="http://nonexistent.invalid/">外部</a>'),
                 "b.html": html("兄弟站页面")}, aliases=("localhost",))
    plain = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    assert plain.page(f"http://localhost:{srv.port}/b.html") is None  # another host: checked only
    assert plain.links[f"http://localhost:{srv.port}/b.html"].kind is LinkKind.EXTERNAL
    with_extra = crawl_site_sync(SiteSpec(srv.url + "/", extra_hosts=("localhost",)), FAST)
    assert with_extra.page(f"http://localhost:{srv.port}/b.html") is not None
    no_external = crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, check_external=False))
    assert set(no_external.links) == {srv.url + "/"}


def test_invalid_href_is_a_dead_link(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html('<a href="http://exa mple.gov.cn/">坏地址</a><a href="http://[bad/x">坏IPv6</a>')})
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST)
    bad = [c for c in result.links.values() if c.fetch.error is FetchError.INVALID_URL]
    assert len(bad) == 2 and all(c.verdict is LinkVerdict.DEAD and c.on_home for c in bad)


def test_min_delay_spaces_requests(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve({"index.html": html("".join(f'<a href="/p{n}.html">{n}</a>' for n in range(4)))}
                | {f"p{n}.html": html("页") for n in range(4)})
    started = time.perf_counter()
    crawl_site_sync(SiteSpec(srv.url + "/"), replace(FAST, min_delay=0.15))
    assert time.perf_counter() - started >= 0.15 * 5  # robots.txt, home and 4 pages, one start each 0.15 s


def test_progress_is_reported(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve(SITE)
    seen: list[CrawlProgress] = []
    result = crawl_site_sync(SiteSpec(srv.url + "/"), FAST, seen.append)
    assert len(seen) == len(result.links)
    assert seen[-1].pages == len(result.pages) and seen[-1].checked == len(result.links) and seen[-1].queued == 0
    assert [p.pages for p in seen] == sorted(p.pages for p in seen)


async def test_async_api(serve) -> None:  # type: ignore[no-untyped-def]
    srv = serve(SITE)
    result = await crawl_site(SiteSpec(srv.url + "/"), FAST)
    assert len(result.pages) == 6 and result.stats.pages == 6
    assert result.stats.urls_checked == len(result.links) and result.stats.bytes > 0
    assert result.finished_at >= result.started_at
