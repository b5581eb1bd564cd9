"""Scan a project-written fixture site of this folder with the real ``scan_site`` over 127.0.0.1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govwatch.core.models import SiteSpec
from govwatch.sample.server import ServerThread
from govwatch.services.scan import CrawlOptions, ScanOutcome, ScanRequest, scan_site

SITES = Path(__file__).resolve().parent / "sites"
HOST = "www.mmx.gov.cn"
TODAY = date(2025, 6, 30)  # the monitoring point the fixture pages are dated against


def scan_fixture(name: str, out: Path | None = None, kind: str = "portal", max_pages: int = 5000) -> ScanOutcome:
    """Serve ``sites/<name>`` as http://www.mmx.gov.cn:PORT/ and scan it as of ``TODAY`` (at most
    ``max_pages`` pages parsed)."""
    with ServerThread(roots={HOST: SITES / name}, default_root=None) as srv:
        site = SiteSpec(home_url=f"http://{HOST}:{srv.port}/", name="某某县人民政府", kind=kind)
        options = CrawlOptions(resolve={(HOST, srv.port): "127.0.0.1"}, check_external=False,
                               total_timeout=5, retries=0, max_pages=max_pages)
        return scan_site(ScanRequest(site=site, crawl=options, today=TODAY, out_dir=out))
