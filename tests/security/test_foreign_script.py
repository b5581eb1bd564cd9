"""security.foreign_script: scripts and frames from hosts off the allowlist, from the raw HTML of a real
crawl (no browser needed) and from what the rendered page requested (scripts added by scripts)."""

from __future__ import annotations

from dataclasses import replace

from seckit import HOST, TODAY, base, context, needs_chromium, render

from govwatch.checks import security_foreign_script
from govwatch.checks.base import ScanContext
from govwatch.core import SiteSpec
from govwatch.crawl import CrawlOptions, crawl_site_sync
from govwatch.extract import build_facts
from govwatch.sample.server import ServerThread


def crawled(port: int, path: str) -> ScanContext:
    site = SiteSpec(home_url=base(port) + path)
    options = CrawlOptions(resolve={(HOST, port): "127.0.0.1"}, check_external=False, max_pages=5)
    crawl = crawl_site_sync(site, options)
    return ScanContext(site, crawl, build_facts(crawl, site, TODAY), TODAY)


def run(ctx: ScanContext, **params: object) -> dict[str, dict]:
    found = security_foreign_script.run(ctx, security_foreign_script.Params(**params))
    return {f.evidence["host"]: f.evidence for f in found}


def test_raw_html_scripts_and_frames_without_browser(site_server: ServerThread) -> None:
    found = run(crawled(site_server.port, "/foreign/index.html"))
    assert set(found) == {"cdn.stats-evil.example", "ads.stats-evil.example"}
    assert found["cdn.stats-evil.example"]["kinds"] == ["script"]
    assert found["ads.stats-evil.example"]["urls"] == ["http://ads.stats-evil.example/banner.html"]
    assert found["ads.stats-evil.example"]["kinds"] == ["frame"]
    assert found["cdn.stats-evil.example"]["sources"] == ["raw"]


def test_clean_site_loads_nothing_foreign(site_server: ServerThread) -> None:
    ctx = crawled(site_server.port, "/clean/index.html")
    assert any(link.url.endswith("/js/site.js") for p in ctx.crawl.pages for link in p.links)
    assert run(ctx) == {}


def test_allowlisted_host_is_not_reported(site_server: ServerThread) -> None:
    found = run(crawled(site_server.port, "/foreign/index.html"), allowed_hosts=["cdn.stats-evil.example"])
    assert set(found) == {"ads.stats-evil.example"}


@needs_chromium
def test_script_added_at_run_time_is_seen_by_the_browser(site_server: ServerThread) -> None:
    ctx = crawled(site_server.port, "/foreign/index.html")
    assert "miner.dyn-loaded.example" not in run(ctx)
    rendered = render(site_server.port, ["/foreign/index.html"], None)
    found = run(replace(ctx, rendered=tuple(rendered)))
    assert found["miner.dyn-loaded.example"]["sources"] == ["rendered"]
    assert found["miner.dyn-loaded.example"]["urls"] == ["http://miner.dyn-loaded.example/m.js"]
    assert set(found["cdn.stats-evil.example"]["sources"]) == {"raw", "rendered"}


@needs_chromium
def test_rendered_clean_pages_load_nothing_foreign(site_server: ServerThread) -> None:
    rendered = render(site_server.port, ["/clean/index.html", "/clean/news.html"], None)
    assert rendered[0].scripts == (base(site_server.port) + "/js/site.js",)
    assert run(context(site_server.port, rendered)) == {}
