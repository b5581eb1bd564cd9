"""Identity checks re-run on the rendered DOM when the raw HTML lacks the footer (issue #7 §5), through
the whole scan (``ScanRequest.browser``); and what the stored 上海卫健委 pages allow."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from seckit import HOST, SITE, TODAY, base, needs_chromium, tls_context

from govwatch.browser import render_pages
from govwatch.core import SiteSpec
from govwatch.core.rendered import RenderedPage
from govwatch.crawl import CrawlOptions
from govwatch.extract.identity import has_footer_identity, read_identity
from govwatch.extract.rendered import as_page, rendered_identity
from govwatch.sample.server import ServerThread
from govwatch.services.scan import ScanOutcome, ScanRequest, scan_site

IDENTITY_MISSING = {"identity.site_id_missing", "identity.icp_missing", "identity.police_missing",
                    "identity.badge_missing", "identity.unit_missing", "identity.contact_missing"}


def scan(home: str, resolve: dict[tuple[str, int], str], out: Path, browser: bool) -> ScanOutcome:
    site = SiteSpec(home_url=home)
    options = CrawlOptions(resolve=resolve, check_external=False, max_pages=20)
    return scan_site(ScanRequest(site=site, crawl=options, today=TODAY, out_dir=out, browser=browser))


def codes(outcome: ScanOutcome) -> set[str]:
    return {f.code for f in outcome.findings}


def test_without_browser_the_script_written_footer_is_missing(site_server: ServerThread, tmp_path: Path) -> None:
    port = site_server.port
    outcome = scan(base(port) + "/jsfooter/index.html", {(HOST, port): "127.0.0.1"}, tmp_path, browser=False)
    assert IDENTITY_MISSING - {"identity.site_id_missing"} <= codes(outcome)  # meta SiteIDCode is in the raw HTML
    assert outcome.facts.identity.rendered is False
    assert not (tmp_path / "screenshots").exists()


@needs_chromium
def test_with_browser_the_rendered_footer_is_read(site_server: ServerThread, tmp_path: Path) -> None:
    port = site_server.port
    outcome = scan(base(port) + "/jsfooter/index.html", {(HOST, port): "127.0.0.1"}, tmp_path, browser=True)
    identity = outcome.facts.identity
    assert identity.rendered is True
    assert identity.icp == ("沪ICP备12345678号-1",) and identity.site_id_codes == ("3609990002",)
    assert identity.police_filings == ("沪公网安备 31010102000001号",) and identity.badge
    assert not codes(outcome) & IDENTITY_MISSING
    assert any("浏览器检查" in note for note in outcome.report.notes)
    assert list((tmp_path / "screenshots").glob("*.jpg"))


@needs_chromium
def test_clean_site_with_browser_flags_no_security_finding(site_server: ServerThread, tmp_path: Path) -> None:
    port = site_server.port
    outcome = scan(base(port) + "/clean/index.html", {(HOST, port): "127.0.0.1"}, tmp_path, browser=True)
    assert {f.code for f in outcome.findings if f.code.startswith(("security.", "identity.", "check.", "accessibility.", "elderly.", "mobile."))} == set()


@pytest.mark.corpus
@needs_chromium
def test_shanghai_footer_script_was_not_stored(corpus: Path, tmp_path: Path) -> None:
    """The real 上海卫健委 list page writes its footer with /assets/js/footer.js, which the corpus does not
    hold (scripts were removed): rendered as stored, the footer stays empty. Served with a project-written
    stand-in footer.js (from tests/security/site/js/footer.js) beside the real page, the rendered footer is
    read. The page sets CSP upgrade-insecure-requests, so it is served over HTTPS (test certificate)."""
    stored = corpus / "sites" / "wsjkw.sh.gov.cn"
    raw = (stored / "yqtb" / "index.html").read_text(encoding="utf-8")
    assert '<script src="/assets/js/footer.js">' in raw and not (stored / "assets").exists()
    raw_identity = read_identity(as_page(RenderedPage(url="https://wsjkw.sh.gov.cn/yqtb/index.html",
                                                      final_url="https://wsjkw.sh.gov.cn/yqtb/index.html",
                                                      status=200, html=raw)))
    assert not has_footer_identity(raw_identity) and raw_identity.meta_site_id == "3100000010"

    bare = render_real(stored)
    assert bare.hits["/assets/js/footer.js"] == 1  # the browser asked for it: 404
    assert rendered_identity(raw_identity, bare.pages) == raw_identity
    root = tmp_path / "root"
    shutil.copytree(stored, root)  # into tmp only, never into the repository
    (root / "assets" / "js").mkdir(parents=True)
    footer = (SITE / "js" / "footer.js").read_text(encoding="utf-8").replace(
        'document.getElementById("foot").innerHTML =', 'document.body.insertAdjacentHTML("beforeend",')
    (root / "assets" / "js" / "footer.js").write_text(footer.rstrip().rstrip(";") + ");\n", encoding="utf-8")
    shown = rendered_identity(raw_identity, render_real(root).pages)
    assert shown.rendered is True and shown.icp == ("沪ICP备12345678号-1",)
    assert shown.meta_site_id == "3100000010"  # the real page's own SiteIDCode meta


@dataclass
class Served:
    pages: list[RenderedPage]
    hits: Counter[str]


def render_real(root: Path) -> Served:
    host = "wsjkw.sh.gov.cn"
    with ServerThread(roots={host: root}, default_root=None, ssl_context=tls_context()) as srv:
        pages = asyncio.run(render_pages([f"https://{host}:{srv.port}/yqtb/index.html"],
                                         resolve={(host, srv.port): "127.0.0.1"}))
        return Served(pages, srv.sample.hits)
