"""A homepage that only forwards the browser — ``<meta http-equiv="refresh">`` or a stub page with a
top-level ``location.href = …`` script, as many 集约化 government platforms serve the bare domain — is not
judged as the homepage: its target is (depth 0, is_home), so the site gets no false 首页不更新 veto."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govwatch.core import LinkKind, SiteSpec
from govwatch.crawl import CrawlOptions, crawl_site_sync
from govwatch.sample.server import SAMPLE_SITE, ServerThread
from govwatch.services.demo import demo_request
from govwatch.services.scan import scan_site

STUBS = {
    "meta": '<!DOCTYPE html><html><head><meta charset="utf-8">'
            '<meta http-equiv="refresh" content="0;url=/col/index.html"><title>跳转</title></head><body></body></html>',
    "script": '<!DOCTYPE html><html><head><meta charset="utf-8"><title>某县人民政府</title></head><body>'
              '<p>页面跳转中……</p><script type="text/javascript">\n'
              '  window.location.href = "/col/index.html";\n</script></body></html>',
    "replace": "<html><head><script>location.replace('/col/index.html')</script></head><body></body></html>",
}


def _stub_site(tmp_path: Path, stub: str) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, root)
    (root / "col").mkdir()
    (root / "index.html").rename(root / "col" / "index.html")
    (root / "index.html").write_text(STUBS[stub], encoding="utf-8")
    return root


@pytest.mark.parametrize("stub", sorted(STUBS))
def test_scan_of_a_redirect_stub_homepage_judges_its_target(tmp_path: Path, stub: str) -> None:
    with ServerThread(default_root=_stub_site(tmp_path, stub)) as srv:
        request = demo_request(srv.port, CrawlOptions(check_external=False, total_timeout=5, retries=0), tmp_path,
                               None)
        outcome = scan_site(request)
    base = f"http://www.shilixian.gov.cn:{srv.port}"
    home = outcome.crawl.home
    assert home is not None and home.url == f"{base}/col/index.html" and home.depth == 0
    assert [p.url for p in outcome.crawl.pages if p.is_home] == [home.url]
    stub_page = outcome.crawl.page(f"{base}/")
    assert stub_page is not None and not stub_page.is_home
    assert any("自动跳转页" in n and "/col/index.html" in n for n in outcome.crawl.notes)
    assert outcome.facts.home_url == f"{base}/col/index.html" and len(outcome.facts.home_items) >= 5
    codes = {f.code for f in outcome.findings}
    assert "homepage.stale" not in codes
    assert outcome.score.verdict == "合格", outcome.score.reasons


def test_meta_refresh_is_a_page_link_on_any_page(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text('<html><body><a href="/a/">栏目</a>' + "<p>正文内容</p>" * 100
                                     + "</body></html>", encoding="utf-8")
    (root / "a" / "index.html").write_text(
        '<html><head><meta http-equiv="Refresh" content="3; URL=\'../b.html\'"></head><body>已迁移</body></html>',
        encoding="utf-8")
    (root / "b.html").write_text("<html><body>新栏目</body></html>", encoding="utf-8")
    with ServerThread(roots={"127.0.0.1": root}, default_root=None) as srv:
        result = crawl_site_sync(SiteSpec(srv.url + "/"),
                                 CrawlOptions(check_external=False, total_timeout=5, retries=0))
    moved = result.links[srv.url + "/b.html"]
    assert moved.kind is LinkKind.PAGE and moved.referrers == ((srv.url + "/a/", "（页面自动跳转）"),)
    assert result.home is not None and result.home.url == srv.url + "/"  # a real homepage stays the homepage
    assert result.page(srv.url + "/b.html") is not None
