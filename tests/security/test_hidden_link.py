"""security.hidden_link on project-written fixture pages, rendered by the real Chromium: every hiding
technique, script-injected links, spam words in text and domain; nothing on the clean pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from seckit import context, needs_chromium, render

from govwatch.checks import security_hidden_link
from govwatch.core.models import Finding
from govwatch.core.rendered import RenderedPage
from govwatch.sample.server import ServerThread

pytestmark = needs_chromium

CASES = {  # fixture page → (hiding technique expected, target host)
    "display": ("display_none", "www.bet-lucky.example"),
    "visibility": ("visibility_hidden", "www.bet-lucky.example"),
    "offscreen": ("off_screen", "www.bet-lucky.example"),
    "zerosize": ("zero_size", "www.bet-lucky.example"),
    "samecolor": ("same_color", "www.bet-lucky.example"),
    "fontzero": ("font_size_zero", "www.bet-lucky.example"),
    "marquee": ("marquee", "www.bet-lucky.example"),
}
EXTRA = ["injected", "words", "domain"]
CLEAN = ["/clean/index.html", "/clean/news.html"]


@pytest.fixture(scope="module")
def rendered(site_server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderedPage]:
    """Every fixture page rendered once, keyed by its path."""
    paths = [f"/hidden/{name}.html" for name in [*CASES, *EXTRA]] + CLEAN
    pages = render(site_server.port, paths, tmp_path_factory.mktemp("shots"))
    return dict(zip(paths, pages, strict=True))


def findings(port: int, *pages: RenderedPage, **params: object) -> list[Finding]:
    ctx = context(port, list(pages))
    return list(security_hidden_link.run(ctx, security_hidden_link.Params(**params)))


@pytest.mark.parametrize("name", list(CASES))
def test_each_hiding_technique_is_found_with_evidence(name: str, rendered: dict[str, RenderedPage],
                                                       site_server: ServerThread) -> None:
    technique, host = CASES[name]
    (finding,) = findings(site_server.port, rendered[f"/hidden/{name}.html"])
    ev = finding.evidence
    assert finding.code == "security.hidden_link"
    assert technique in ev["hidden"] and ev["link"] == f"http://{host}/"
    assert ev["injected"] is False and ev["words"] == []
    assert host in ev["snippet"] and "优惠活动" in ev["snippet"]
    assert host in ev["raw_snippet"]  # the anchor as written in the raw HTML
    assert ev["style"]["rect"] and ev["style"]["background"]
    shot = Path(ev["screenshot"])
    assert shot.is_file() and shot.read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert host in finding.message


def test_computed_style_proves_the_technique(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    style = {name: findings(site_server.port, rendered[f"/hidden/{name}.html"])[0].evidence["style"]
             for name in ("visibility", "samecolor", "fontzero")}
    assert style["visibility"]["visibility"] == "hidden"
    assert style["samecolor"]["color"] == "rgb(254, 254, 254)"
    assert style["samecolor"]["background"] == "rgb(255, 255, 255)"
    assert style["fontzero"]["font-size"] == "0px"


def test_link_injected_by_script_is_found(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    page = rendered["/hidden/injected.html"]
    assert "loan-fast" not in page.raw_html and "loan-fast" in page.html
    (finding,) = findings(site_server.port, page)
    assert finding.evidence["injected"] is True and finding.evidence["hidden"] == []
    assert finding.evidence["link"] == "http://www.loan-fast.example/"


def test_spam_words_in_text_and_domain(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    (words,) = findings(site_server.port, rendered["/hidden/words.html"])
    assert {w["word"] for w in words.evidence["words"]} >= {"新葡京", "彩金"}
    assert {w["category"] for w in words.evidence["words"]} == {"gambling"}
    assert "博彩" in words.message
    (domain,) = findings(site_server.port, rendered["/hidden/domain.html"])
    assert [(w["word"], w["where"]) for w in domain.evidence["words"]] == [("xpj", "domain")]


def test_extra_words_extend_the_lists(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    page = rendered["/clean/index.html"]
    assert findings(site_server.port, page) == []
    (hit,) = findings(site_server.port, page, extra_words={"porn": ["外部链接"]})
    assert hit.evidence["link"] == "https://www.example-partner.org.cn/"


def test_clean_pages_flag_nothing(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    pages = [rendered[p] for p in CLEAN]
    # The clean page hides links too (drop-down menus, tabs, a skip link) — to its own pages and gov.cn.
    hidden = {a.url for p in pages for a in p.anchors if a.hidden}
    assert any("www.gov.cn" in u for u in hidden) and any(u.endswith("#main") for u in hidden)
    assert findings(site_server.port, *pages) == []


def test_allowed_host_is_not_suspected(rendered: dict[str, RenderedPage], site_server: ServerThread) -> None:
    page = rendered["/hidden/display.html"]
    assert findings(site_server.port, page, allowed_hosts=["www.bet-lucky.example"]) == []
