"""accessibility (axe-core → GB/T 37668 levels), elderly (适老化) and mobile checks on project fixture
pages audited in the real Chromium: every case found on the unfriendly page, nothing on the clean one."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from seckit import HOST, base, context, needs_chromium

from govwatch.browser import render_pages
from govwatch.checks import accessibility, elderly, mobile
from govwatch.core.models import Finding
from govwatch.core.rendered import RenderedPage
from govwatch.sample.server import ServerThread

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def audited(site_server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderedPage]:
    urls = [base(site_server.port) + p for p in ("/clean/index.html", "/audit/bad.html")]
    pages = asyncio.run(render_pages(urls, resolve={(HOST, site_server.port): "127.0.0.1"}, audit=2,
                                     screenshot_dir=tmp_path_factory.mktemp("audit")))
    return {"clean": pages[0], "bad": pages[1]}


def run(module: object, port: int, page: RenderedPage) -> list[Finding]:
    return list(module.run(context(port, [page]), module.Params()))  # type: ignore[attr-defined]


def test_axe_rules_map_to_gbt37668_levels(audited: dict[str, RenderedPage], site_server: ServerThread) -> None:
    found = run(accessibility, site_server.port, audited["bad"])
    by_rule = {f.evidence["rule"]: f for f in found}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= set(by_rule)
    assert by_rule["image-alt"].code == by_rule["html-has-lang"].code == "accessibility.level1"  # WCAG A
    assert by_rule["color-contrast"].code == "accessibility.level2"  # WCAG AA
    assert by_rule["image-alt"].evidence["nodes"][0][1].startswith("<img")
    assert audited["bad"].audit is not None and audited["bad"].audit.axe_version.startswith("4.")
    only_one = list(accessibility.run(context(site_server.port, [audited["bad"]]), accessibility.Params(levels=[1])))
    assert {f.code for f in only_one} == {"accessibility.level1"}


def test_elderly_cases(audited: dict[str, RenderedPage], site_server: ServerThread) -> None:
    found = {f.code: f for f in run(elderly, site_server.port, audited["bad"])}
    assert set(found) == {"elderly.no_entry", "elderly.line_height", "elderly.contrast", "elderly.zoom_overflow"}
    assert found["elderly.line_height"].evidence["line_height"]["samples"][0]["ratio"] == 1.0
    low = found["elderly.contrast"].evidence["contrast"]["samples"][0]
    assert low["color"] == "rgb(187, 187, 187)" and low["ratio"] < 4.5
    zoom = found["elderly.zoom_overflow"].evidence
    assert zoom["width"] == 640 and zoom["scroll_width"] == 1200 and Path(zoom["zoom_screenshot"]).is_file()


def test_mobile_cases(audited: dict[str, RenderedPage], site_server: ServerThread) -> None:
    found = {f.code: f for f in run(mobile, site_server.port, audited["bad"])}
    assert set(found) == {"mobile.no_viewport", "mobile.overflow", "mobile.tap_targets"}
    assert found["mobile.overflow"].evidence["scroll_width"] == 1200
    samples = found["mobile.tap_targets"].evidence["targets"]["samples"]
    assert {s["text"] for s in samples} == {"首页", "政务公开", "办事服务"} and all(s["height"] < 44 for s in samples)
    shot = Path(found["mobile.overflow"].evidence["screenshot"])
    assert shot.is_file() and shot.name.startswith("mobile-")


def test_clean_page_passes_every_audit(audited: dict[str, RenderedPage], site_server: ServerThread) -> None:
    page = audited["clean"]
    assert page.audit is not None and page.audit.desktop is not None
    assert page.audit.desktop.elderly_entries[0]["text"] == "长者模式"
    assert page.audit.mobile is not None and page.audit.mobile.targets["checked"] >= 5
    for module in (accessibility, elderly, mobile):
        assert run(module, site_server.port, page) == [], module.ID
