"""Extractors on single pages: the real 万载 page (its 我为政府网站找错 widget is no consultation channel),
the bundled sample site's mailbox, the working-day calendar and the rulebook wiring of the new codes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from govwatch.checks import (
    disclosure_interpretation,
    disclosure_overview,
    interaction_channel,
    interaction_messages,
    service_guide,
    service_links,
    service_none,
)
from govwatch.core import CrawlResult, Fetch, Page, SiteSpec
from govwatch.extract.html import parse
from govwatch.extract.interaction import find_channels, has_submit_form, read_messages
from govwatch.extract.services import read_service_facts
from govwatch.extract.workdays import working_days_between
from govwatch.rules.rulebook import load_rulebook
from govwatch.sample.server import SAMPLE_SITE

MODULES = (interaction_channel, interaction_messages, service_none, service_guide, service_links,
           disclosure_interpretation, disclosure_overview)


def page_of(url: str, html: str, home: bool = False) -> Page:
    fetch = Fetch(url=url, final_url=url, status=200, seconds=0.1, size=len(html), content_type="text/html",
                  fetched_at=datetime.now(UTC))
    return Page(url=url, fetch=fetch, html=html, encoding="utf-8", depth=0 if home else 1, is_home=home)


def crawl_of(*pages: Page) -> CrawlResult:
    now = datetime.now(UTC)
    return CrawlResult(site=SiteSpec(home_url=pages[0].url), started_at=now, finished_at=now, pages=pages)


def test_wanzai_error_report_widget_is_not_a_consultation_channel(corpus: Path) -> None:
    (file,) = (corpus / "sites" / "wanzai-yichun" / "2015").glob("*.html")
    html = file.read_text(encoding="utf-8", errors="replace")
    assert "jiucuo" in html  # the 我为政府网站找错 widget is on the page
    channels = find_channels(crawl_of(page_of("http://www.wanzai.gov.cn/art/2016/3/1/art_1.html", html, True)))
    assert not any("找错" in c.name or "jiucuo" in c.url for c in channels)
    names = {c.name: c.kind for c in channels}
    assert names.get("政民互动") == "consult"  # the interaction hub the page links to (not crawled here)
    assert not any(c.effective for c in channels)  # its page was not fetched: nothing proves it works
    assert read_messages(crawl_of(page_of("http://www.wanzai.gov.cn/a.html", html)), date(2016, 3, 1)) == ()


def test_sample_site_mailbox_is_an_effective_channel() -> None:
    home = (SAMPLE_SITE / "index.html").read_text(encoding="utf-8")
    mailbox = (SAMPLE_SITE / "hdjl" / "index.html").read_text(encoding="utf-8")
    channels = find_channels(crawl_of(page_of("http://www.shilixian.gov.cn/", home, True),
                                      page_of("http://www.shilixian.gov.cn/hdjl/", mailbox)))
    assert [c.name for c in channels if c.effective] == ["互动交流"]


def test_search_box_is_no_submission_form() -> None:
    assert not has_submit_form(parse('<form action="/search"><input name="q"><button>搜索</button></form>'))
    assert has_submit_form(parse('<form><input name="t"><textarea name="c"></textarea></form>'))


def test_working_days_follow_the_holiday_calendar() -> None:
    # 2025 National Day: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3
    assert working_days_between(date(2025, 9, 26), date(2025, 9, 29)) == 2  # Sun 28 Sep (调休) + Mon 29
    assert working_days_between(date(2025, 6, 12), date(2025, 6, 10)) == 0


def test_every_new_code_is_counted_by_an_indicator_with_source() -> None:
    rulebook = load_rulebook()
    for module in MODULES:
        module.Params(**rulebook.params_for(module.ID))
        text = Path(module.__file__).read_text(encoding="utf-8")
        for code in set(re.findall(r'code="([a-z_]+\.[a-z_]+)"', text)):
            (indicator,) = rulebook.for_code(code)
            assert indicator.source and indicator.check == module.ID, code


def test_govcn_homepage_message_entries_and_service_platform(corpus: Path) -> None:
    html = (corpus / "sites" / "www.gov.cn" / "中国政府网_中央人民政府门户网站.html").read_text(encoding="utf-8", errors="replace")
    crawl = crawl_of(page_of("https://www.gov.cn/", html, True))
    kinds = {c.name: c.kind for c in find_channels(crawl)}
    assert kinds["人民群众留言入口"] == "consult" and kinds["企业、个体户留言入口"] == "consult"
    assert kinds["网站纠错"] == "excluded"
    facts = read_service_facts(crawl)
    assert ("国家政务服务平台", "http://gjzwfw.www.gov.cn/index.html") in facts.entries
    assert facts.guides == ()  # a homepage is no 办事指南
