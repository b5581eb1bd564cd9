"""Offline-ready front end (issue #4 §1): every script and stylesheet is served locally; the vendored
htmx and ECharts files are present with their licences; the CSS uses system CJK fonts only."""

from __future__ import annotations

import re
from pathlib import Path

import govwatch.web

WEB = Path(govwatch.web.__file__).resolve().parent
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.I)
CSS_REMOTE = re.compile(r"""(?:@import|url\()\s*["']?\s*(?:https?:)?//""", re.I)


def _files(*suffixes: str) -> list[Path]:
    roots = (WEB / "templates", WEB / "static")
    return [p for root in roots for p in root.rglob("*") if p.suffix in suffixes and "vendor" not in p.parts]


def test_no_template_or_stylesheet_loads_anything_from_the_network() -> None:
    html = _files(".html")
    assert len(html) >= 10
    for path in html:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", text, re.I):
            assert not REMOTE.search(tag), (path, tag)
    for path in _files(".css"):
        assert not CSS_REMOTE.search(path.read_text(encoding="utf-8")), path


def test_vendored_files_and_licences() -> None:
    vendor = WEB / "static" / "vendor"
    assert (vendor / "htmx" / "htmx.min.js").stat().st_size > 30_000
    assert (vendor / "echarts" / "echarts.common.min.js").stat().st_size > 300_000
    for name in ("htmx/LICENSE", "echarts/LICENSE", "echarts/NOTICE", "README.md"):
        assert (vendor / name).is_file(), name
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert "2.0.11" in readme and "5.6.0" in readme


def test_css_uses_a_system_cjk_font_stack() -> None:
    css = (WEB / "static" / "css" / "govwatch.css").read_text(encoding="utf-8")
    assert "Microsoft YaHei" in css and "Noto Sans CJK SC" in css and "@font-face" not in css
