"""``govwatch ledger reprints check|list`` and ``govwatch ledger annual`` (issue #8 §4, §5) in-process."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ledgerkit import list_page, rss, serve

from govwatch.cli.main import main
from govwatch.core.clock import CHINA_TZ
from govwatch.storage.ledger.models import ReprintSource
from govwatch.storage.models import Column, Finding, Site, Unit

pytestmark = pytest.mark.django_db


def test_reprints_check_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as pages:
        unit = Unit.objects.create(name="某市人民政府")
        site = Site.objects.create(name="某市门户", home_url=pages.url("/"), unit=unit)
        Column.objects.create(site=site, name="政策文件", url=pages.url("/zcwj/"), type="policy")
        pages.set("/zcwj/", list_page([("市政府常务会议召开", "/zcwj/1.htm", "2026-11-19")]))
        when = datetime(2026, 11, 20, 9, 0, tzinfo=CHINA_TZ)
        feed = pages.set("/rss.xml", rss([("国务院关于进一步优化营商环境的意见", pages.url("/a.htm"), when)]),
                         "application/rss+xml")
        ReprintSource.objects.create(name="中国政府网", url=feed, kind="rss", site=site, filter_words=["国务院"])
        assert main(["ledger", "reprints", "check", "--now", "2026-11-20T10:00"]) == 0
        assert "新增重要信息 1 条" in capsys.readouterr().out
        assert main(["ledger", "reprints", "check", "--now", "2026-11-20T21:30"]) == 0
        assert "超过时限未转载 1 条" in capsys.readouterr().out
        assert Finding.objects.filter(code="reprint.missing", site=site).count() == 1
        assert main(["ledger", "reprints", "list", "--status", "overdue"]) == 0
        assert "超时未转载" in capsys.readouterr().out
        ReprintSource.objects.create(name="失效来源", url=pages.url("/gone.xml"), kind="rss", site=site)
        assert main(["ledger", "reprints", "check", "--now", "2026-11-20T22:00"]) == 1


def test_annual_writes_docx_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = Unit.objects.create(name="某县人民政府")
    Site.objects.create(name="某县门户", home_url="http://www.mouxian.gov.cn/", unit=unit)
    assert main(["ledger", "annual", "--year", "2026", "--out", str(tmp_path)]) == 0
    assert "待人工填报" in capsys.readouterr().out
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".xlsx"]
    assert main(["ledger", "annual", "--year", "2026", "--out", str(tmp_path), "--site", "不存在"]) == 2


def test_sync_matches_column_items_into_the_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    from govwatch.storage.ledger.models import Publication

    with serve() as pages:
        unit = Unit.objects.create(name="某市人民政府")
        site = Site.objects.create(name="某市门户", home_url=pages.url("/"), unit=unit)
        Column.objects.create(site=site, name="政务动态", url=pages.url("/zwdt/"), type="news")
        Column.objects.create(site=site, name="通知公告", url=pages.url("/tzgg/"), type="notice")
        Column.objects.create(site=site, name="领导信箱", url=pages.url("/xx/"), type="interaction")
        pages.set("/zwdt/", list_page([(f"市政府召开第{i}次常务会议", f"/zwdt/{i}.htm", "2026-11-19") for i in range(3)]))
        assert main(["ledger", "sync", "--now", "2026-11-20T10:00"]) == 1  # 通知公告 answers 404
        out = capsys.readouterr().out
        assert "读取栏目 1/2 个，台账新增 3 条" in out and "无法读取 通知公告" in out
        rows = Publication.objects.filter(site=site)
        assert rows.count() == 3 and {r.column_name for r in rows} == {"政务动态"}
        assert all(r.origin == "crawl" and r.published_at.astimezone(CHINA_TZ).day == 19 for r in rows)
        pages.set("/tzgg/", list_page([("关于开展安全检查的通知", "/tzgg/1.htm", "2026-11-20")]))
        assert main(["ledger", "sync", "--site", "某市门户", "--now", "2026-11-20T11:00"]) == 0
        assert "台账新增 1 条" in capsys.readouterr().out
