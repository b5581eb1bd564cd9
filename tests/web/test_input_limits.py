"""Limits on what people type (QA findings): ticket title/detail/note lengths, assigning to a user who does
not exist, ledger publish times far ahead and URLs off the site, rectify attachment names cut at the stem."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from personakit import NOW, make_personas

from govwatch.core.errors import UsageError
from govwatch.services.access import actor_of
from govwatch.services.desk import tickets
from govwatch.services.ledger import publications
from govwatch.services.rectification import notices
from govwatch.services.rectification.uploads import Upload, short_name
from govwatch.storage.desk.models import Ticket, TicketEvent
from govwatch.storage.ledger.models import Publication

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _actor(username: str):  # type: ignore[no-untyped-def]
    return actor_of(get_user_model().objects.get(username=username))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_ticket_title_detail_and_note_are_capped_with_chinese_errors() -> None:
    p = make_personas()
    admin = _actor(p.admin)
    with pytest.raises(UsageError, match="工单标题最多 200 个字"):
        tickets.raise_ticket(admin, "fault", "标" * 100_000, "详情")
    with pytest.raises(UsageError, match="工单详情最多 20,000 个字"):
        tickets.raise_ticket(admin, "fault", "标题", "详" * 200_000)
    ticket = tickets.raise_ticket(admin, "fault", "标" * 200, "详" * 20_000)
    with pytest.raises(UsageError, match="进展说明最多 5,000 个字"):
        tickets.add_note(admin, ticket, "记" * 200_000)
    tickets.add_note(admin, ticket, "记" * 5_000)
    page = _client(p.admin).post("/desk/tickets/new/", {"kind": "fault", "title": "标" * 100_000, "detail": ""},
                                 follow=True).content.decode()
    assert "工单标题最多 200 个字" in page and Ticket.objects.count() == 1


def test_assigning_to_a_user_who_does_not_exist_is_refused() -> None:
    p = make_personas()
    admin = _actor(p.admin)
    ticket = tickets.raise_ticket(admin, "fault", "首页打不开", "")
    with pytest.raises(UsageError, match="没有编号为 999999 的用户"):
        tickets.assign(admin, ticket, 999999)
    client = _client(p.admin)
    for raw in ("abc", "999999", "99999999999999999999999", "-1"):
        page = client.post(f"/desk/tickets/{ticket.pk}/", {"action": "assign", "assignee": raw},
                           follow=True).content.decode()
        assert "处理人不存在" in page or "没有编号为" in page, raw
    assert not TicketEvent.objects.filter(ticket=ticket, kind="assign").exists()
    operator = get_user_model().objects.get(username=p.operator)
    client.post(f"/desk/tickets/{ticket.pk}/", {"action": "assign", "assignee": str(operator.pk)})
    client.post(f"/desk/tickets/{ticket.pk}/", {"action": "assign", "assignee": ""})  # unassign stays possible
    assert [e.note for e in TicketEvent.objects.filter(ticket=ticket, kind="assign").order_by("id")] == [
        f"指派给 {p.operator}", "指派给 （无）"]


def test_ledger_refuses_far_future_times_and_urls_off_the_site() -> None:
    p = make_personas()
    admin, site = _actor(p.admin), p.sites[0]
    site.extra_hosts = ["wap.jia.example.gov.cn"]
    site.save()
    home = site.home_url.rstrip("/")

    def entry(url: str, when: object) -> publications.PublicationInput:
        return publications.PublicationInput(site_id=site.pk, title="关于开展某项工作的通知", column_name="",
                                             published_at=when, url=url)  # type: ignore[arg-type]

    with pytest.raises(UsageError, match="晚于当前时间一天以上"):
        publications.enter_publication(admin, entry("", NOW.replace(year=2999)), now=NOW)
    with pytest.raises(UsageError, match="网址不属于本网站"):
        publications.enter_publication(admin, entry("http://www.evil.example.com/a.html", NOW), now=NOW)
    with pytest.raises(UsageError, match="网址不属于本网站"):
        publications.enter_publication(admin, entry("javascript:alert(1)", NOW), now=NOW)
    pub = publications.enter_publication(admin, entry(f"{home}/a.html", NOW + timedelta(hours=20)), now=NOW)
    publications.enter_publication(admin, entry("https://wap.jia.example.gov.cn/b.html", NOW), now=NOW)
    with pytest.raises(UsageError, match="网址不属于本网站"):
        publications.change_publication(admin, pub.pk, {"url": "http://other.gov.cn/x.html"}, now=NOW)
    with pytest.raises(UsageError, match="晚于当前时间一天以上"):
        publications.change_publication(admin, pub.pk, {"published_at": NOW + timedelta(days=3)}, now=NOW)
    assert Publication.objects.filter(site=site).count() == 2


def test_short_name_keeps_the_extension() -> None:
    long = "整" * 300 + ".pdf"
    assert short_name(long) == "整" * 196 + ".pdf" and len(short_name(long)) == 200
    assert short_name("报告.docx") == "报告.docx" and short_name("C:\\用户\\报告.pdf") == "报告.pdf"
    assert len(short_name("x" * 300)) == 200


def test_a_long_attachment_name_keeps_its_extension(tmp_path: Path, settings: object) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    p = make_personas()
    [rect] = notices.create(_actor(p.operator), [p.findings[0].pk], now=NOW)
    response = notices.respond(_actor(p.unit_a), rect.pk, "已整改", [Upload("整改情况" * 100 + ".pdf", PDF)], now=NOW)
    name = response.attachments.get().name
    assert len(name) == 200 and name.endswith("整改情况.pdf")


def test_annual_report_page_names_bad_fields_and_saves_nothing() -> None:
    from govwatch.services.ledger import annual

    p = make_personas()
    report = annual.refresh_report(_actor(p.admin), p.sites[0].pk, 2026, NOW)
    client = _client(p.unit_a)
    page = client.post(f"/ledger/annual/{report.pk}/", {"f_visits": "-5", "f_msg_avg_days": "1e309",
                                                        "f_pub_news": "1.5", "f_head": "张三"}).content.decode()
    assert "网站总访问量：应为 0 至" in page and "平均办理时间：应为 0 至" in page and "政务动态信息更新量" in page
    report.refresh_from_db()
    assert not report.manual
    assert client.post(f"/ledger/annual/{report.pk}/", {"f_visits": "1,234", "f_msg_avg_days": "2.5"}).status_code == 302
    report.refresh_from_db()
    assert report.manual == {"visits": "1234", "msg_avg_days": "2.5"}
