"""年度报表 manual entries are checked per field kind: counts whole numbers 0‥10¹², durations finite decimals
with two places at most; every bad field is named in Chinese and nothing is saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govwatch.reports.annual.fields import BY_KEY, FIELDS, clean_entry
from govwatch.services.access import Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger import annual
from govwatch.storage.models import Site, Unit

STAFF = Actor(None, "ops", "operator")
NOW = datetime(2027, 1, 10, 2, 0, tzinfo=UTC)


def test_field_kinds() -> None:
    assert BY_KEY["visits"].kind == "count" and BY_KEY["pub_news"].kind == "count"
    assert BY_KEY["msg_avg_days"].kind == "decimal"
    assert BY_KEY["head"].kind == "text" and BY_KEY["smart_qa"].kind == "text"
    assert {f.kind for f in FIELDS} == {"count", "decimal", "text"}


@pytest.mark.parametrize("key, text", [
    ("visits", "-5"), ("visits", "abc"), ("visits", "1.5"), ("visits", "99999999999999999999999999"),
    ("visits", "1e309"), ("visits", "1000000000001"), ("pub_news", "十"), ("msg_avg_days", "1e309"),
    ("msg_avg_days", "-1"), ("msg_avg_days", "nan"), ("msg_avg_days", "inf"), ("msg_avg_days", "1.234"),
    ("msg_avg_days", "100000.01"), ("msg_avg_days", "abc"), ("head", "字" * 501)])
def test_bad_entries_are_refused_naming_the_field(key: str, text: str) -> None:
    with pytest.raises(UsageError, match=BY_KEY[key].label.replace("（", ".").replace("）", ".")):
        clean_entry(BY_KEY[key], text)


@pytest.mark.parametrize("key, text, stored", [
    ("visits", " 1,234,567 ", "1234567"), ("visits", "0", "0"), ("visits", "1000000000000", "1000000000000"),
    ("msg_avg_days", "2.50", "2.5"), ("msg_avg_days", "3", "3"), ("msg_avg_days", "0.00", "0"),
    ("msg_avg_days", "100000", "100000"), ("head", " 张三 ", "张三"), ("smart_qa", "是", "是"), ("visits", "", "")])
def test_good_entries_are_stored_in_canonical_form(key: str, text: str, stored: str) -> None:
    assert clean_entry(BY_KEY[key], text) == stored


@pytest.mark.django_db
def test_save_manual_names_every_bad_field_and_saves_nothing() -> None:
    unit = Unit.objects.create(name="某县人民政府", level="县")
    site = Site.objects.create(name="某县人民政府门户网站", home_url="http://www.mouxian.gov.cn/", unit=unit)
    report = annual.refresh_report(STAFF, site.pk, 2026, NOW)
    report = annual.save_manual(STAFF, report.pk, {"visits": "10", "msg_avg_days": "1.5"})
    with pytest.raises(UsageError) as caught:
        annual.save_manual(STAFF, report.pk, {"visits": "-5", "pub_news": "1.5", "msg_avg_days": "1e309",
                                              "head": "张三"}, final=True)
    message = str(caught.value)
    assert "网站总访问量" in message and "政务动态信息更新量" in message and "平均办理时间" in message
    assert "单位负责人" not in message
    report.refresh_from_db()
    assert report.manual == {"visits": "10", "msg_avg_days": "1.5"} and report.status != "final"
