"""A hand-built scan (crawl, facts, findings) and a small rulebook text for the report tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from govwatch.core.crawl_result import CrawlResult, CrawlStats
from govwatch.core.models import (
    Column,
    ColumnType,
    DatedItem,
    Fetch,
    Finding,
    Link,
    LinkCheck,
    LinkKind,
    LinkVerdict,
    Page,
    SiteSpec,
)
from govwatch.extract.facts import IdentityFacts, SiteFacts

HOME = "http://www.example.gov.cn/"
TODAY = date(2024, 5, 1)
STARTED = datetime(2024, 5, 1, 2, 0, 0, tzinfo=UTC)
EVIL = "<script>alert('x')</script>"

RULEBOOK_YAML = """
id: test-report-book
version: "2024.05"
title: 测试指标体系（报告）
source: 单元测试
indicators:
  - {id: veto.home, title: 首页不更新, kind: veto, check: homepage.stale, source: 指标说明 单项否决}
  - {id: deduct.stale, title: 栏目更新及时性, kind: deduct, check: column.stale, points: 2, cap: 10,
     group: 发布解读, source: 2015 普查 基本信息, confirmed: false}
  - {id: deduct.blank, title: 栏目空白, kind: deduct, check: column.blank, points: 2, cap: 10,
     group: 发布解读, source: 指标说明, fix: 请补充栏目内容或撤并空白栏目。}
  - {id: deduct.links_home, title: 首页链接可用性, kind: deduct, check: links.dead_home, points: 1, cap: 5,
     group: 功能设计, source: 2015 普查}
  - {id: deduct.links_inner, title: 其他页面链接可用性, kind: deduct, check: links.dead_inner, points: 0.1,
     cap: 5, group: 功能设计, source: 2015 普查}
  - {id: deduct.police, title: 公安机关备案号, kind: deduct, check: identity.police, codes: [identity.police_missing], points: 1,
     group: 功能设计, source: 政府网站发展指引}
  - {id: bonus.data, title: 数据发布, kind: bonus, check: bonus.data, points: 5, source: 加分指标}
  - {id: info.blocked, title: 访问受限链接, kind: info, check: links.blocked, source: 提示}
"""


def fetch(url: str, status: int | None = 200, error=None, seconds: float = 0.12) -> Fetch:  # type: ignore[no-untyped-def]
    return Fetch(url=url, final_url=url, status=status, seconds=seconds, size=1000, content_type="text/html",
                 fetched_at=STARTED, error=error)


def check(path: str, verdict: LinkVerdict, kind: LinkKind = LinkKind.PAGE, on_home: bool = False,
          status: int | None = 200) -> LinkCheck:
    url = path if path.startswith("http") else HOME + path
    return LinkCheck(url=url, kind=kind, verdict=verdict, fetch=fetch(url, status), on_home=on_home,
                     referrers=((HOME, EVIL),))


SITE = SiteSpec(home_url=HOME, name="示例市人民政府", unit="示例市人民政府办公室", site_id_code="3609000002",
                kind="portal", level="市", icp="赣ICP备05004066号")

CRAWL_NOTE = "抓取页数达到上限 500，其余页面未抓取。"


def make_crawl() -> CrawlResult:
    home = Page(url=HOME, fetch=fetch(HOME), html="<html></html>", encoding="utf-8", depth=0, is_home=True,
                links=(Link(HOME + "missing.html", HOME, EVIL, LinkKind.PAGE),))
    inner = Page(url=HOME + "a.html", fetch=fetch(HOME + "a.html"), html="", encoding="utf-8", depth=1)
    gone = Page(url=HOME + "gone.html", fetch=fetch(HOME + "gone.html", 404), html="", encoding="utf-8", depth=1)
    checks = [
        check("a.html", LinkVerdict.OK, on_home=True),
        check("missing.html", LinkVerdict.DEAD, on_home=True, status=404),
        check("img/x.png", LinkVerdict.DEAD, LinkKind.IMAGE, status=404),
        check("forbidden", LinkVerdict.BLOCKED, status=403),
        check("http://ext.example.com/", LinkVerdict.TIMEOUT, LinkKind.EXTERNAL, status=None),
    ]
    return CrawlResult(site=SITE, started_at=STARTED, finished_at=STARTED + timedelta(seconds=75.5),
                       pages=(home, inner, gone), links={c.url: c for c in checks},
                       stats=CrawlStats(pages=3, urls_checked=5, robots_disallowed=2, limit_reached=True),
                       notes=(CRAWL_NOTE,))


def column(name: str, path: str, ctype: ColumnType, dates: Sequence[date | None], **kw: bool) -> Column:
    items = tuple(DatedItem(f"{name}{i}", f"{HOME}{path}{i}.html", d) for i, d in enumerate(dates))
    return Column(name=name, url=HOME + path, type=ctype, source="declared", items=items, **kw)


FACTS = SiteFacts(
    home_url=HOME,
    home_items=(DatedItem("要闻", HOME + "news/1.html", date(2024, 4, 28)),),
    columns=(
        column("要闻动态", "news/", ColumnType.NEWS, [date(2024, 4, 28), date(2024, 4, 20), None]),
        column("通知公告", "notice/", ColumnType.NOTICE, [date(2023, 6, 1)]),
        column("政策文件", "policy/", ColumnType.POLICY, [], blank=True),
        column("人事信息", "personnel/", ColumnType.PERSONNEL, [], fetched=False),
    ),
    identity=IdentityFacts(page_url=HOME, site_id_codes=("3609000002",), meta_site_id="3609000002",
                           icp=("赣ICP备 05004066号",), badge=True, badge_url="https://bszs.conac.cn/sitename?x=1",
                           units=("示例市人民政府办公室",), contacts=("0795-1234567",), snippet="主办单位……"),
)


def make_findings() -> list[Finding]:
    return [
        Finding("column.stale", HOME, HOME + "notice/", "栏目“通知公告”已 335 天未更新，超过 180 天的时限。",
                {"column": "通知公告", "latest": "2023-06-01", "days": 335, "window_days": 180},
                fix="请及时更新“通知公告”栏目。"),
        Finding("column.blank", HOME, HOME + "policy/", "栏目“政策文件”为空白栏目。", {"items": 0}),
        Finding("links.dead_home", HOME, HOME + "missing.html", "首页链接打不开（HTTP 404）。",
                {"status": 404, "referrers": [{"page": HOME, "text": EVIL}]}, fix="请修复或删除该链接。"),
        Finding("links.dead_inner", HOME, HOME + "img/x.png", "图片打不开（HTTP 404）。",
                {"status": 404, "referrers": [[HOME + "a.html", "示意图"]] * 30}, fix="请修复图片。", count=1),
        Finding("identity.police_missing", HOME, HOME, "页面底部未发现公安机关备案号。", {"found": []}),
        Finding("links.blocked", HOME, HOME + "forbidden", "链接访问受限（HTTP 403）。", {"status": 403}),
        Finding("weird.code", HOME, HOME + "x.html", "一个尚无指标的问题。",
                {"snippet": '<img src="http://evil.example.com/x.png">', "nested": {"a": [1, 2], "ok": True}}),
    ]
