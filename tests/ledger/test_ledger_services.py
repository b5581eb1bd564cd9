"""Publication ledger, column duties, the daily cross-check list and deliverable counters (issue #8 §3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from govwatch.core.clock import CHINA_TZ
from govwatch.services.access import AccessDenied, Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger import crosscheck, deliverables, duties, publications
from govwatch.services.ledger.publications import PublicationInput
from govwatch.services.ledger.upstream import SeenItem
from govwatch.storage.ledger.models import Publication
from govwatch.storage.models import Column, Site, Unit

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
STAFF = Actor(None, "ops", "operator")


def _two_sites() -> tuple[Site, Site]:
    a, b = Unit.objects.create(name="甲县人民政府"), Unit.objects.create(name="乙县人民政府")
    return (Site.objects.create(name="甲县门户", home_url="http://a.gov.cn/", unit=a),
            Site.objects.create(name="乙县门户", home_url="http://b.gov.cn/", unit=b))


def _entry(site: Site, title: str, **kw: object) -> PublicationInput:
    return PublicationInput(site_id=site.pk, title=title, published_at=kw.pop("at", NOW), **kw)  # type: ignore[arg-type]


def test_entries_changes_and_scope() -> None:
    a, b = _two_sites()
    unit_a = Actor(None, "ua", "unit", a.unit_id)
    pub = publications.enter_publication(unit_a, _entry(a, " 关于开展  安全检查的通知 ", column_name="通知公告",
                                                             editor="李四"), NOW)
    assert pub.title == "关于开展 安全检查的通知" and pub.origin == "manual" and pub.title_key
    with pytest.raises(AccessDenied):
        publications.enter_publication(unit_a, _entry(b, "越权"), NOW)
    with pytest.raises(AccessDenied):
        publications.visible_publications(Actor(None, "p", "proofreader"))
    with pytest.raises(UsageError):
        publications.enter_publication(STAFF, _entry(a, "  "), NOW)
    changes = publications.change_publication(unit_a, pub.pk, {"reviewer": "王五", "editor": "李四"}, "补录审核人", NOW)
    assert [(c.field, c.old, c.new) for c in changes] == [("审核人", "", "王五")]
    with pytest.raises(AccessDenied):
        publications.change_publication(Actor(None, "ub", "unit", b.unit_id), pub.pk, {"title": "x"})
    other = publications.enter_publication(unit_a, _entry(a, "另一条", url="http://a.gov.cn/1.htm"), NOW)
    with pytest.raises(UsageError, match="已有该网址"):
        publications.change_publication(unit_a, pub.pk, {"url": other.url})
    assert list(publications.visible_publications(Actor(None, "ub", "unit", b.unit_id))) == []
    assert publications.visible_publications(STAFF, year=2026).count() == 2


def test_crawled_items_complete_hand_entries_and_cross_check_flags_gaps() -> None:
    a, _ = _two_sites()
    column = Column.objects.create(site=a, name="通知公告", url="http://a.gov.cn/tzgg/", type="notice")
    hand = publications.enter_publication(STAFF, _entry(a, "关于开展安全检查的通知", column_name="通知公告",
                                                         editor="李四", reviewer="王五", source_unit="应急局"), NOW)
    items = [SeenItem("关于开展安全检查的通知", "http://a.gov.cn/tzgg/1.htm", None),
             SeenItem("关于召开工作会议的通知", "http://a.gov.cn/tzgg/2.htm", NOW)]
    assert publications.record_crawled(a, column, items, NOW) == 2
    assert publications.record_crawled(a, column, items, NOW) == 0
    hand.refresh_from_db()
    assert hand.url == "http://a.gov.cn/tzgg/1.htm" and Publication.objects.count() == 2
    day = NOW.astimezone(CHINA_TZ).date()
    rows = {r.publication.title: r for r in crosscheck.crosscheck(STAFF, day)}
    assert rows["关于开展安全检查的通知"].notes == ("栏目未明确责任单位",)
    assert "网站已发布但台账未登记，请补录编辑、审核信息" in rows["关于召开工作会议的通知"].notes
    duties.save_duty(STAFF, duties.DutyInput(a.pk, "通知公告", a.unit_id, "赵六", "0791-1234567"))
    rows = {r.publication.title: r for r in crosscheck.crosscheck(STAFF, day)}
    assert rows["关于开展安全检查的通知"].ok and rows["关于开展安全检查的通知"].duty == "甲县人民政府 赵六"
    assert crosscheck.crosscheck(STAFF, date(2026, 11, 21)) == []


def test_duty_table_scope() -> None:
    a, b = _two_sites()
    Column.objects.create(site=a, name="政策文件", url="http://a.gov.cn/zcwj/", type="policy")
    unit_a, unit_b = Actor(None, "ua", "unit", a.unit_id), Actor(None, "ub", "unit", b.unit_id)
    duties.save_duty(unit_a, duties.DutyInput(a.pk, "通知公告", a.unit_id, "赵六"))
    with pytest.raises(UsageError):  # a unit user cannot name another unit responsible
        duties.save_duty(unit_a, duties.DutyInput(a.pk, "政务动态", b.unit_id, "钱七"))
    duties.save_duty(STAFF, duties.DutyInput(a.pk, "政务动态", b.unit_id, "钱七"))  # b runs a column of a
    assert duties.visible_duties(unit_a).count() == 2 and duties.visible_duties(unit_b).count() == 1
    assert [c.name for c in duties.columns_without_duty(unit_a)] == ["政策文件"]
    row = duties.visible_duties(unit_b).get()
    with pytest.raises(AccessDenied):
        duties.delete_duty(unit_b, row.pk)  # b sees the row but a's site is not b's to edit
    duties.delete_duty(unit_a, row.pk)
    assert duties.visible_duties(STAFF).count() == 1


def test_deliverable_counters_against_plan() -> None:
    a, _ = _two_sites()
    for month in (1, 2, 3, 5):
        publications.enter_publication(STAFF, _entry(a, f"专题{month}", kind="topic",
                                                     at=datetime(2026, month, 10, tzinfo=CHINA_TZ)), NOW)
    publications.enter_publication(STAFF, _entry(a, "图解1", kind="graphic", at=datetime(2026, 1, 1, 0, 5,
                                                                                         tzinfo=CHINA_TZ)), NOW)
    items = deliverables.parse_items("3 优化营商环境专题\n6月 乡村振兴专题\n")
    deliverables.save_plan(STAFF, a.pk, 2026, "topic", 12, items)
    with pytest.raises(UsageError, match="第 1 行"):
        deliverables.parse_items("十三 错误")
    got = {c.kind: c for c in deliverables.counters(STAFF, 2026, date(2026, 6, 30), a.pk)}
    topic, graphic = got["topic"], got["graphic"]
    assert (topic.done, topic.target, topic.expected, topic.behind, topic.remaining) == (4, 12, 6, True, 8)
    assert topic.months[2].planned == ("优化营商环境专题",) and topic.months[2].done == 1
    assert (graphic.done, graphic.target, graphic.months[0].done) == (1, 20, 1)
    assert deliverables.expected_by(20, 2026, date(2027, 1, 1)) == 20
    assert deliverables.expected_by(12, 2026, date(2025, 12, 1)) == 0
