"""Reprint watch (issue #8 §4 and "done when"): upstream items on a fixture server on 127.0.0.1, the
portal's column page on the same server, explicit ``now`` values — an important item not reprinted within
12 hours becomes a reprint.missing finding (and a ticket); its reprint resolves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from ledgerkit import list_page, rss, serve

from govwatch.services.ledger import reprints
from govwatch.sources.http import CollectorSettings
from govwatch.storage.desk.models import Ticket
from govwatch.storage.ledger.models import Publication, ReprintSource, UpstreamItem
from govwatch.storage.models import Column, Finding, Site, Unit

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 Beijing time
FAST = CollectorSettings(interval=0.0, retries=0, timeout=5.0, host_intervals={})
WORDS = ["国务院", "国务院办公厅", "省人民政府", "意见", "方案"]
A = "国务院关于进一步优化营商环境的意见"
B = "国务院办公厅关于印发《加快构建现代物流体系行动方案》的通知"
C = "国务院常务会议研究部署促进消费工作"   # important: holds 国务院
D = "全国秋冬季农业生产现场会召开"           # not important: no filter word


def _portal(pages, titles: list[tuple[str, str]]) -> tuple[Site, Column]:  # type: ignore[no-untyped-def]
    unit = Unit.objects.create(name="某市人民政府", level="市")
    site = Site.objects.create(name="某市人民政府门户网站", home_url=pages.url("/"), unit=unit, level="市")
    column = Column.objects.create(site=site, name="政策文件", url=pages.url("/zcwj/"), type="policy")
    return site, column


def _upstream_feed(pages, when: datetime) -> str:  # type: ignore[no-untyped-def]
    return pages.set("/gov/rss.xml", rss([(A, pages.url("/gov/a.htm"), when), (B, pages.url("/gov/b.htm"), when),
                                          (C, pages.url("/gov/c.htm"), when), (D, pages.url("/gov/d.htm"), when)]),
                     "application/rss+xml; charset=utf-8")


def test_missing_reprint_becomes_finding_and_ticket_and_resolves_when_reprinted() -> None:
    with serve() as pages:
        site, _ = _portal(pages, [])
        # the portal reprinted A with another punctuation and a 【转】 tag, and C under its exact title
        pages.set("/zcwj/", list_page([("【转】国务院关于进一步优化营商环境的意见（全文）", "/zcwj/1.htm", "2026-11-20"),
                                       (C, "/zcwj/2.htm", "2026-11-20"),
                                       ("市政府常务会议召开", "/zcwj/3.htm", "2026-11-19")]))
        feed = _upstream_feed(pages, T0 - timedelta(hours=1))
        source = ReprintSource.objects.create(name="中国政府网最新政策", url=feed, kind="rss", site=site,
                                              filter_words=WORDS)
        first = reprints.check_source(source, T0, FAST)
        assert (first.seen, first.matched, first.ledger, first.error) == (3, 2, 3, "")
        items = {i.title: i for i in UpstreamItem.objects.all()}
        assert set(items) == {A, B, C}  # D is not important
        assert items[A].status == items[C].status == "reprinted" and items[B].status == "pending"
        assert items[A].publication.url == pages.url("/zcwj/1.htm")
        assert items[B].due_at == T0 - timedelta(hours=1) + timedelta(hours=12)

        assert reprints.escalate_due(T0 + timedelta(hours=10, minutes=59)) == 0
        assert not Finding.objects.filter(code="reprint.missing").exists()

        late = T0 + timedelta(hours=13)
        assert reprints.escalate_due(late) == 1
        assert reprints.escalate_due(late + timedelta(minutes=5)) == 0  # idempotent
        finding = Finding.objects.get(code="reprint.missing")
        assert finding.site == site and finding.status == "open" and finding.url == pages.url("/gov/b.htm")
        assert finding.evidence["upstream_title"] == B and finding.evidence["hours_overdue"] == pytest.approx(2.1)
        assert finding.evidence["due_at"] == "2026-11-20 21:00" and "超过12小时未转载" in finding.message
        # a complete scan of the portal closes findings it did not produce; the watch reopens this one
        from govwatch.storage import run_queries

        run_queries.resolve_missing(site.pk, [], [], late + timedelta(minutes=6))
        assert reprints.escalate_due(late + timedelta(minutes=10)) == 0
        finding.refresh_from_db()
        assert finding.status == "open" and finding.evidence["hours_overdue"] == pytest.approx(2.2)
        item_b = UpstreamItem.objects.get(title=B)
        assert item_b.status == "overdue" and item_b.finding_id == finding.pk
        ticket = Ticket.objects.get()
        assert ticket.kind == "content" and B in ticket.title and str(ticket.pk) == item_b.ticket_ref

        # the reprint appears (wrapped by the city government's forwarding notice) → reprinted, resolved
        pages.set("/zcwj/", list_page([("市人民政府办公室关于转发《国务院办公厅关于印发加快构建现代物流体系行动方案的通知》的通知",
                                        "/zcwj/9.htm", "2026-11-21")]))
        again = reprints.check_source(source, late + timedelta(hours=1), FAST)
        assert again.matched == 1 and again.seen == 0
        finding.refresh_from_db()
        assert finding.status == "resolved" and finding.evidence["reprint_url"] == pages.url("/zcwj/9.htm")
        assert UpstreamItem.objects.get(title=B).status == "reprinted"
        assert Finding.objects.filter(code="reprint.missing").count() == 1
        assert Publication.objects.filter(site=site, origin="crawl").count() == 4


def test_list_page_source_counts_twelve_hours_from_first_sighting_and_old_items_are_history() -> None:
    with serve() as pages:
        site, _ = _portal(pages, [])
        pages.set("/zcwj/", list_page([("市政府常务会议召开", "/zcwj/3.htm", "2026-11-19")]))
        upstream = pages.set("/sheng/zcwj/", list_page([
            ("省人民政府关于加强农村供水保障工作的意见", "/sheng/1.htm", "2026-11-20"),
            ("省人民政府关于印发数字政府建设方案的通知", "/sheng/2.htm", "2026-11-19"),
            ("省人民政府关于做好秋冬季森林防火工作的通知", "/sheng/3.htm", "2026-10-02")]))
        source = ReprintSource.objects.create(name="省政府文件", url=upstream, kind="list", site=site,
                                              filter_words=["省人民政府"])
        result = reprints.check_source(source, T0, FAST)
        assert result.seen == 2  # the October item is history, not news
        assert {i.due_at for i in UpstreamItem.objects.all()} == {T0 + timedelta(hours=12)}
        # a similar but different policy on the portal is not a reprint
        pages.set("/zcwj/", list_page([("关于加强城市供水保障工作的意见", "/zcwj/4.htm", "2026-11-20")]))
        assert reprints.check_source(source, T0 + timedelta(hours=1), FAST).matched == 0
        assert reprints.escalate_due(T0 + timedelta(hours=12)) == 2
        assert Finding.objects.filter(code="reprint.missing", status="open").count() == 2


def test_unreadable_source_is_reported_and_periodic_watch_claims_once() -> None:
    with serve() as pages:
        site, _ = _portal(pages, [])
        pages.set("/zcwj/", list_page([("市政府常务会议召开", "/zcwj/3.htm", "2026-11-19")]))
        ReprintSource.objects.create(name="失效来源", url=pages.url("/gone.xml"), kind="rss", site=site)
        line = reprints.watch(T0, FAST)
        assert "无法读取：失效来源" in line
        assert "HTTP 404" in ReprintSource.objects.get().last_error or "不存在" in ReprintSource.objects.get().last_error
        assert reprints.claim_due_sources(T0 + timedelta(minutes=1)) == []  # claimed until next_check_at
        assert len(reprints.claim_due_sources(T0 + timedelta(hours=1))) == 1


@pytest.mark.corpus
def test_real_list_page_is_read_as_an_upstream_source(corpus) -> None:  # type: ignore[no-untyped-def]
    page = corpus / "sites" / "wsjkw.sh.gov.cn" / "yqtb" / "index.html"
    if not page.is_file():
        pytest.skip(f"{page} is absent")
    with serve() as pages:
        site, _ = _portal(pages, [])
        url = pages.set("/yqtb/index.html", page.read_bytes(), "text/html")
        source = ReprintSource.objects.create(name="上海市卫健委疫情通报", url=url, kind="list", site=site,
                                              filter_words=[])
        now = datetime(2022, 4, 27, 12, 0, tzinfo=UTC)
        result = reprints.check_source(source, now, FAST)
        assert result.error == "" and result.seen >= 5  # 2022-04-25 … 04-27 are within the look-back
        assert all(i.due_at == now + timedelta(hours=12) for i in UpstreamItem.objects.all())


def test_periodic_job_runs_the_watch() -> None:
    from govwatch.services.periodic import run_job

    with serve() as pages:
        site, _ = _portal(pages, [])
        pages.set("/zcwj/", list_page([("市政府常务会议召开", "/zcwj/3.htm", "2026-11-19")]))
        feed = _upstream_feed(pages, T0 - timedelta(hours=1))
        ReprintSource.objects.create(name="中国政府网", url=feed, kind="rss", site=site, filter_words=WORDS,
                                     interval_seconds=3600)
        assert "新增重要信息 3 条" in run_job("ledger.reprints", T0)
        assert run_job("ledger.reprints", T0 + timedelta(minutes=10)) == ""  # not due, nothing overdue
        assert "超时未转载 3 条" in run_job("ledger.reprints", T0 + timedelta(hours=12))
        assert Finding.objects.filter(code="reprint.missing", status="open").count() == 3
        assert Ticket.objects.filter(source="reprint").count() == 3
