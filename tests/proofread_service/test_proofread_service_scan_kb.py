"""Scans of registered sites proofread with the operators' knowledge base: a word added to the sensitive
list in the admin (approved) is found by the next scheduled scan; the stand-alone scan keeps the bundled one."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from govwatch.sample.server import ServerThread
from govwatch.services.scan import ScanRequest, scan_site
from govwatch.services.scan_jobs import execute_run, site_spec
from govwatch.storage import proofread_queries as q
from govwatch.storage.models import Finding, KnowledgeBaseFile, ScanRun, Site, Unit

WORD = "校对测试违禁词"
NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def spam_root(tmp_path: Path) -> Path:
    root = tmp_path / "spam"
    root.mkdir()
    filler = "各地区各部门要认真贯彻落实本通知精神，结合实际抓好组织实施。" * 3
    (root / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>测试市人民政府</title></head><body>"
        f"<h1>测试市人民政府</h1><p>{filler}</p><p>近期有人冒充政府网站发布{WORD}，请勿轻信。</p></body></html>",
        encoding="utf-8")
    return root


def _approve_word() -> None:
    text = q.bundled_text("sensitive").replace('version: "2026.1"', 'version: "2026.9"')
    text += f"  - name: 测试\n    severity: high\n    words: [{WORD}]\n"
    q.parse_kb_text("sensitive", text)
    KnowledgeBaseFile.objects.create(name="sensitive", version=1, text=text, approved=True)


@pytest.mark.django_db
def test_scheduled_scan_uses_the_approved_knowledge_base(spam_root: Path, tmp_path: Path, settings: Any) -> None:
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=tmp_path / "data")  # reports go there
    with ServerThread(roots={"127.0.0.1": spam_root}) as srv:
        site = Site.objects.create(name="测试", home_url=srv.url + "/", unit=Unit.objects.create(name="测试单位"))
        bundled = scan_site(ScanRequest(site=site_spec(site), today=NOW.date()))
        assert not [f for f in bundled.findings if f.code == "content.sensitive"]  # not a bundled word
        _approve_word()
        run = ScanRun.objects.create(site=site, kind=ScanRun.Kind.FULL, status=ScanRun.Status.QUEUED,
                                     heartbeat_at=NOW, complete=True)
        assert execute_run(run.id, "w1", NOW, lease=300).status == "done"
    (finding,) = Finding.objects.filter(site=site, code="content.sensitive")
    assert WORD in finding.message and finding.evidence["issues"][0]["original"] == WORD
