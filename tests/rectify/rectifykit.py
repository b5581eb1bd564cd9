"""Kit of the rectification tests: a writable copy of the bundled sample site served by the sample server
(so a test can "fix" a page between the scan and the 复查), a real scan of it stored in the database, and
small valid attachment files. Import with ``from rectifykit import …``."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

from govwatch.core.clock import utcnow
from govwatch.sample.server import SAMPLE_SITE, ServerThread
from govwatch.services.persist import record_scan
from govwatch.services.scan import ScanRequest, scan_site
from govwatch.services.scan_jobs import site_spec
from govwatch.storage.models import Finding, ScanRun, Site, Unit

DEAD_HOME_PAGE = "xwzx/ywdt/a9.html"  # linked from the sample homepage, missing: a links.dead_home finding
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    """A minimal .docx-shaped zip (has word/document.xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


class SampleCopy:
    """The sample site copied to ``root`` and served by a ServerThread from there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(SAMPLE_SITE, root)
        self.server = ServerThread(default_root=root)

    def __enter__(self) -> SampleCopy:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    def fix_dead_home_link(self) -> None:
        """Publish the page the homepage links to but that was missing (the unit's fix)."""
        page = self.root / DEAD_HOME_PAGE
        page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>要闻</title></head>"
                        "<body><h1>要闻</h1><p>发布日期：{{d-1}}</p><p>正文。</p></body></html>", encoding="utf-8")

    def fix_blank_column(self) -> None:
        """Give 人事信息 (/rsxx/) real list items."""
        index = self.root / "rsxx" / "index.html"
        items = "".join(f"<li><a href='/rsxx/r{i}.html'>人事任免通知{i}</a><span>{{{{d-{i * 3}}}}}</span></li>"
                        for i in range(1, 6))
        index.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>人事信息</title></head>"
                         f"<body><h1>人事信息</h1><ul class='list'>{items}</ul></body></html>", encoding="utf-8")
        for i in range(1, 6):
            (self.root / "rsxx" / f"r{i}.html").write_text(
                f"<html><head><meta charset='utf-8'><title>人事任免通知{i}</title></head><body><h1>人事任免通知{i}</h1>"
                f"<p>发布日期：{{{{d-{i * 3}}}}}</p><p>正文内容。</p></body></html>", encoding="utf-8")

    def break_page(self, rel: str) -> None:
        """Make a page unreadable (the server answers 404)."""
        (self.root / rel).unlink()


def register(url: str, unit_name: str = "甲县人民政府") -> Site:
    """A unit and its site at ``url`` (the sample copy's homepage)."""
    unit, _ = Unit.objects.get_or_create(name=unit_name, defaults={"level": "县"})
    return Site.objects.create(name=f"{unit_name}门户网站", home_url=url, unit=unit, level="县")


def scan_into_db(site: Site, now: datetime | None = None) -> list[Finding]:
    """One real full scan of ``site`` recorded as a complete run; returns the site's open findings."""
    moment = now or utcnow()
    run = ScanRun.objects.create(site=site, kind="full", status="running", complete=True, started_at=moment)
    record_scan(run, scan_site(ScanRequest(site=site_spec(site))), moment)
    return list(Finding.objects.filter(site=site, status="open"))
