"""build_bulletin over real rows, the job queue (queued → running → done, failures as failed with a
Chinese error), the periodic job line and the stored-site 监测报告."""

from __future__ import annotations

from pathlib import Path

import pytest
from bulletinfleet import NOW, make_fleet, use_data_dir
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from govwatch.core.errors import UsageError
from govwatch.services import periodic
from govwatch.services.access import ensure_user
from govwatch.services.bulletins.build import build_bulletin, parse_scope, previous_quarters
from govwatch.services.bulletins.jobs import (
    NotFound,
    bulletin_download,
    request_bulletin,
    request_site_report,
    run_queued,
)
from govwatch.services.scores import resolve_period
from govwatch.storage.bulletins.models import Bulletin, ReportJob
from govwatch.storage.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tmp_path: Path, settings: object) -> Path:
    return use_data_dir(settings, tmp_path / "data")


def _admin():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from govwatch.services.access import actor_of

    ensure_user("boss", "admin", password="x")
    return actor_of(get_user_model().objects.get(username="boss"))


def test_build_bulletin_from_rows() -> None:
    make_fleet()
    b = build_bulletin("2026Q4", "city", now=NOW)
    assert b.title == "关于2026年第四季度全市政府网站和政务新媒体检查情况的通报" and b.doc_number == "〔2026〕4号"
    assert (b.summary.sites, b.summary.passed, b.summary.failed, b.summary.vetoed) == (4, 2, 2, 1)
    assert b.summary.problems == 4  # the suspected dead link is left out
    portal = [r for r in b.ranking if r.group == "县级门户网站"]
    assert [(r.rank, r.site, r.total) for r in portal] == [
        (1, "甲县人民政府门户网站", 92.5), (2, "丙县人民政府门户网站", 88.0), (3, "乙县人民政府门户网站", None)]
    reasons = {f.site: f.reasons for f in b.failing}
    assert reasons == {"乙县人民政府门户网站": "单项否决：站点无法访问", "甲县教育局网站": "总分65分，低于合格分数线"}
    assert {r.name: (r.count, r.resolved) for r in b.by_indicator}["栏目更新（应更新栏目未按期更新）"] == (2, 1)
    assert {r.name: r.count for r in b.by_unit} == {"甲县人民政府": 2, "乙县人民政府": 1, "丙县人民政府": 1}
    assert [p.label for p in b.trend] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [p.sites for p in b.trend] == [4, 0, 4, 4] and b.trend[3].pass_rate == 50.0
    assert b.rectify_basis.startswith("尚无整改通知")
    assert {r.unit: (r.total, r.done) for r in b.rectification}["甲县人民政府"] == (2, 1)
    assert [(m.account, m.problems) for m in b.media] == [("甲县发布", 1)]


def test_unit_and_level_scopes() -> None:
    fleet = make_fleet()
    b = build_bulletin("2026Q4", f"unit:{fleet.units['乙县'].pk}", now=NOW)
    assert b.scope_label == "乙县人民政府" and [r.site for r in b.ranking] == ["乙县人民政府门户网站"]
    assert b.ranking[0].rank == 3  # the city-wide rank
    assert b.media == () and b.summary.problems == 1
    assert build_bulletin("2026Q4", "level:市", now=NOW).summary.sites == 0
    for bad in ("unit:99999", "level:省", "everything"):
        with pytest.raises(UsageError, match="通报范围"):
            parse_scope(bad)


def test_previous_quarters_cross_the_year() -> None:
    period, _ = resolve_period("2026Q1", NOW)
    assert [p.label for p in previous_quarters(period)] == ["2025Q2", "2025Q3", "2025Q4", "2026Q1"]


def test_rectification_items_counted_once_notices_exist() -> None:
    from datetime import date

    from govwatch.storage.models import Finding
    from govwatch.storage.rectify.models import Rectification, RectificationItem

    fleet = make_fleet()
    notice = Rectification.objects.create(year=2026, seq=1, number="整改〔2026〕第1号", unit=fleet.units["甲县"],
                                          created_at=NOW.replace(month=11), deadline=date(2026, 11, 20))
    for finding in Finding.objects.filter(site__unit=fleet.units["甲县"]):
        RectificationItem.objects.create(rectification=notice, finding=finding,
                                         status="fixed" if finding.status == "resolved" else "open")
    b = build_bulletin("2026Q4", "city", now=NOW)
    assert b.rectify_basis == "按本期下发的整改通知事项统计"
    assert [(r.unit, r.total, r.done, r.open, r.overdue) for r in b.rectification] == [("甲县人民政府", 2, 1, 1, 1)]


def test_job_goes_queued_running_done_and_files_open(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_fleet()
    actor = _admin()
    row = request_bulletin(actor, "2026Q4", "city", now=NOW)
    assert (row.status, row.progress) == ("queued", 0)
    stages: list[tuple[str, int]] = []
    from govwatch.storage.bulletins import jobs as q

    original = q.set_progress

    def spy(job, percent, stage, now):  # type: ignore[no-untyped-def]
        original(job, percent, stage, now)
        fresh = type(job).objects.get(pk=job.pk)
        stages.append((fresh.status, fresh.progress))

    monkeypatch.setattr(q, "set_progress", spy)  # observe the stored rows while it runs (real writes)
    assert run_queued(NOW) == "通报与报告：生成完成 1 份，失败 0 份"
    monkeypatch.undo()
    assert stages and all(s == "running" for s, _ in stages)
    assert [p for _, p in stages] == sorted(p for _, p in stages) and stages[-1][1] < 100
    row.refresh_from_db()
    assert (row.status, row.progress, row.stage) == ("done", 100, "已完成")
    assert row.summary["sites"] == 4 and set(row.files) == {"docx", "pdf", "xlsx"}
    assert run_queued(NOW) == ""
    docx = Document(str(data / row.files["docx"]))
    assert any(p.text == "二、排名" for p in docx.paragraphs) and len(docx.inline_shapes) == 2
    ranking = next(t for t in docx.tables if t.rows[0].cells[0].text == "排名")
    assert [c.text for c in ranking.rows[1].cells][2:] == ["甲县人民政府门户网站", "甲县人民政府", "合格", "92.5"]
    reader = PdfReader(str(data / row.files["pdf"]))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert "全市政府网站和政务新媒体检查情况的通报" in text and "丙县人民政府门户网站" in text
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)
    book = load_workbook(data / row.files["xlsx"])
    assert [c.value for c in book["排名"][2]][2] == "甲县人民政府门户网站"
    path, name = bulletin_download(actor, row.pk, "pdf")
    assert path.is_file() and name.endswith("通报.pdf")
    assert AuditEvent.objects.filter(action="download", object_id=str(row.pk)).count() == 1


def test_unwritable_output_folder_fails_in_chinese(data: Path) -> None:
    make_fleet()
    (data / "bulletins").write_text("not a folder")  # the output folder cannot be created
    row = request_bulletin(_admin(), "2026Q4", now=NOW)
    assert run_queued(NOW) == "通报与报告：生成完成 0 份，失败 1 份"
    row.refresh_from_db()
    assert row.status == "failed" and row.stage == "生成失败" and "写入文件失败" in row.error
    with pytest.raises(NotFound):
        bulletin_download(_admin(), row.pk, "pdf")


def test_periodic_job_is_registered(data: Path) -> None:
    make_fleet()
    request_bulletin(_admin(), "2026Q4", now=NOW)
    assert "生成完成 1 份" in periodic.run_job("bulletins", NOW)
    assert Bulletin.objects.get().status == "done"


def test_claim_is_compare_and_set() -> None:
    from govwatch.storage.bulletins import jobs as q

    make_fleet()
    row = request_bulletin(_admin(), "2026Q4", now=NOW)
    first = q.claim_next(Bulletin, "w1", NOW)
    assert first is not None and first.pk == row.pk and first.status == "running"
    assert q.claim_next(Bulletin, "w2", NOW) is None
    later = NOW.replace(day=29)  # its worker died: the heartbeat is older than the lease
    again = q.claim_next(Bulletin, "w3", later)
    assert again is not None and again.claimed_by == "w3"


def test_site_report_job_writes_pdf_and_xlsx_with_evidence(data: Path) -> None:
    fleet = make_fleet()
    job = request_site_report(_admin(), fleet.sites["甲县"].pk, "2026Q4", now=NOW)
    assert run_queued(NOW).startswith("通报与报告：生成完成 1 份")
    job.refresh_from_db()
    assert job.status == "done" and set(job.files) == {"pdf", "xlsx"}
    text = "".join(p.extract_text() for p in PdfReader(str(data / job.files["pdf"])).pages).replace("\n", "")
    assert "甲县人民政府门户网站监测报告" in text and "通知公告栏目超过3个月未更新" in text
    sheet = load_workbook(data / job.files["xlsx"])["问题清单"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == 2 and any("通知公告" in (r[4] or "") for r in rows)
    assert ReportJob.objects.get().progress == 100


def test_scores_are_computed_first_when_the_period_has_none() -> None:
    from govwatch.storage.models import Finding, Score, Site, Unit

    unit = Unit.objects.create(name="丁县人民政府", level="县")
    site = Site.objects.create(name="丁县人民政府门户网站", home_url="http://www.dingxian.gov.cn/", unit=unit, level="县")
    Finding.objects.create(site=site, fingerprint="d1", code="homepage.stale", indicators=["veto.homepage_stale"],
                           url=site.home_url, message="首页超过2周未更新", first_seen=NOW.replace(month=11),
                           last_seen=NOW)
    stages: list[str] = []
    b = build_bulletin("2026Q4", "city", now=NOW, progress=lambda p, s: stages.append(s))
    assert "本期尚未计算得分，正在计算" in stages
    assert Score.objects.filter(site=site, period="2026Q4").exists()
    assert (b.summary.sites, b.summary.vetoed) == (1, 1) and b.failing[0].reasons.startswith("单项否决：首页不更新")
