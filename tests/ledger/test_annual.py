"""Annual report totals (issue #8 §5, §7): the 政府网站工作年度报表's computed fields against rows created
here, manual fields blank and marked until entered, docx (A4, eastAsia fonts) and xlsx (Chinese headers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from govwatch.core.clock import CHINA_TZ
from govwatch.reports.annual.fields import FIELDS, MANUAL_MARK
from govwatch.services.access import Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger import annual
from govwatch.storage.ledger.models import Publication
from govwatch.storage.models import Account, Column, Finding, Post, ScanRun, Site, Unit

pytestmark = pytest.mark.django_db

STAFF = Actor(None, "ops", "operator")
NOW = datetime(2027, 1, 10, 2, 0, tzinfo=UTC)


def _at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=CHINA_TZ)


def _pubs(site: Site, column: Column | None, n: int, when: datetime, kind: str = "normal", tag: str = "") -> None:
    for i in range(n):
        Publication.objects.create(site=site, column=column, title=f"{tag}{kind}{i}", published_at=when,
                                   kind=kind, created_at=when)


def _finding(site: Site, fp: str, code: str, seen: datetime, resolved: bool = False, **evidence: object) -> None:
    Finding.objects.create(site=site, fingerprint=fp, code=code, message=code, evidence=evidence, first_seen=seen,
                           last_seen=seen, status="resolved" if resolved else "open")


def _fleet() -> Site:
    unit = Unit.objects.create(name="某县人民政府", level="县")
    site = Site.objects.create(name="某县人民政府门户网站", home_url="http://www.mouxian.gov.cn/", unit=unit,
                               site_id_code="3609220011")
    col = {t: Column.objects.create(site=site, name=t, url=f"http://www.mouxian.gov.cn/{t}/", type=t)
           for t in ("news", "overview", "policy", "notice", "interpretation")}
    _pubs(site, col["news"], 5, _at(2026, 3, 1))
    _pubs(site, col["news"], 1, _at(2026, 12, 31, 23, 30), tag="年末")  # still 2026 in Beijing
    _pubs(site, col["news"], 2, _at(2027, 1, 1, 0, 10), tag="新年")   # 2026-12-31 16:10 UTC: 2027
    _pubs(site, col["news"], 1, _at(2025, 12, 31, 23, 0), tag="去年")
    _pubs(site, col["overview"], 2, _at(2026, 5, 1))
    _pubs(site, col["policy"], 3, _at(2026, 6, 1))
    _pubs(site, col["notice"], 1, _at(2026, 6, 2))
    _pubs(site, col["interpretation"], 2, _at(2026, 7, 1))
    _pubs(site, None, 4, _at(2026, 8, 1), kind="graphic")
    _pubs(site, None, 3, _at(2026, 9, 1), kind="topic")
    _pubs(site, None, 2, _at(2025, 9, 1), kind="topic", tag="去年")
    for i, (seen, resolved) in enumerate([(_at(2026, 2, 1), True), (_at(2026, 4, 1), False),
                                          (_at(2026, 10, 1), False), (_at(2025, 10, 1), True)]):
        _finding(site, f"sec{i}", "security.headers", seen, resolved)
    _finding(site, "act-old", "interaction.activities", _at(2026, 3, 1), survey=1, interview=0, answered=5,
             messages=9)
    _finding(site, "act", "interaction.activities", _at(2026, 11, 1), survey=2, interview=1, answered=37,
             messages=40)
    for finished in (_at(2026, 1, 5), _at(2026, 7, 5), _at(2025, 7, 5)):
        ScanRun.objects.create(site=site, kind="full", status="done", finished_at=finished)
    ScanRun.objects.create(site=site, kind="full", status="failed", finished_at=_at(2026, 8, 5))
    wechat = Account.objects.create(platform="wechat", name="某县发布", platform_id="gh_x", unit=unit)
    weibo = Account.objects.create(platform="weibo", name="某县微博", platform_id="123", unit=unit)
    douyin = Account.objects.create(platform="douyin", name="某县抖音", platform_id="dy", unit=unit)
    for account, n in ((wechat, 6), (weibo, 4), (douyin, 2)):
        for i in range(n):
            Post.objects.create(account=account, post_id=f"{account.pk}-{i}", published_at=_at(2026, 5, 1 + i),
                                first_seen=NOW, last_seen=NOW)
    Post.objects.create(account=wechat, post_id="old", published_at=_at(2025, 5, 1), first_seen=NOW, last_seen=NOW)
    return site


def test_annual_totals_come_from_the_years_rows(tmp_path: Path) -> None:
    site = _fleet()
    report = annual.refresh_report(STAFF, site.pk, 2026, NOW)
    form = annual.annual_form(report)
    expected = {
        "pub_total": "21", "pub_news": "6", "pub_overview": "2", "pub_disclosure": "4", "topics_new": "3",
        "topics_maintained": "5", "interp_materials": "2", "interp_products": "4", "interp_total": "6",
        "msg_received": "40", "msg_done": "37", "survey_rounds": "2", "interview_rounds": "1",
        "sec_checks": "2", "sec_found": "3", "sec_fixed": "1", "has_newmedia": "是", "wechat_names": "某县发布",
        "wechat_posts": "6", "weibo_posts": "4", "site_id_code": "3609220011", "site_kind": "门户网站",
    }
    assert {k: form.value(k) for k in expected} == expected
    assert form.value("newmedia_other") == "抖音：某县抖音（发布 2 条）"
    auto_keys = {f.key for f in FIELDS if f.auto}
    assert form.pending == len(FIELDS) - len(auto_keys)
    pending = [f for s in form.sections for f in s.fields if f.pending]
    assert {f.key for f in pending} == {f.key for f in FIELDS if not f.auto}
    assert all(f.value == "" and f.status == MANUAL_MARK for f in pending)
    assert [s.title for s in form.sections][1:9] == ["信息发布", "专栏专题", "解读回应", "办事服务", "互动交流",
                                                      "安全防护", "移动新媒体", "创新发展"]


def test_manual_entries_fill_the_blanks_and_files_render(tmp_path: Path) -> None:
    site = _fleet()
    report = annual.refresh_report(STAFF, site.pk, 2026, NOW)
    before = annual.annual_form(report).pending
    report = annual.save_manual(STAFF, report.pk, {"visits": "1234567", "head": "张三", "pub_news": "7"}, final=True)
    form = annual.annual_form(report)
    assert form.value("visits") == "1234567" and form.pending == before - 2
    assert form.value("pub_news") == "7"  # an entry overrides the computed value and says so
    assert form.sections[1].fields[2].origin == "人工填报" and form.status == "已定稿"
    report = annual.save_manual(STAFF, report.pk, {"head": ""})
    assert annual.annual_form(report).value("head") == ""
    with pytest.raises(UsageError, match="未知填报项"):
        annual.save_manual(STAFF, report.pk, {"boss": "x"})
    files = annual.write_files(report, tmp_path)
    doc = Document(str(files["docx"]))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    assert fonts <= {"宋体", "黑体"} and "黑体" in fonts
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "信息发布总数" in text and "21" in text and MANUAL_MARK in text and "1234567" in text
    ws = load_workbook(files["xlsx"]).active
    assert [c.value for c in ws[2]] == ["栏目", "指标", "数值", "单位", "数据来源"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["信息发布总数"][2] == "21" and rows["网站总访问量"][2] == "1234567"
    assert rows["单位负责人"][2] in (None, "") and rows["单位负责人"][4] == MANUAL_MARK


def test_unit_users_reach_only_their_own_sites_report() -> None:
    site = _fleet()
    other = Unit.objects.create(name="另一县人民政府")
    own = Actor(None, "u", "unit", site.unit_id)
    stranger = Actor(None, "v", "unit", other.pk)
    report = annual.refresh_report(own, site.pk, 2026, NOW - timedelta(days=1))
    from govwatch.services.access import AccessDenied

    with pytest.raises(AccessDenied):
        annual.refresh_report(stranger, site.pk, 2026)
    with pytest.raises(AccessDenied):
        annual.save_manual(stranger, report.pk, {"head": "x"})
    with pytest.raises(AccessDenied):
        annual.refresh_report(Actor(None, "p", "proofreader"), site.pk, 2026)
    assert list(annual.visible_reports(stranger)) == [] and list(annual.visible_reports(own)) == [report]
