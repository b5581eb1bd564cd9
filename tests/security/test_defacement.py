"""Defacement (篡改): the baseline of the homepage's stable regions, taken on the first security scan and
stored in the ``security`` app; an ordinary news update raises nothing, a defaced homepage (replaced, or
gambling words injected into the title and footer) raises ``security.defacement`` with before/after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from seckit import HOST, SITE, TODAY
from secserver import SecServer

from govwatch.checks.security_defacement import stable_lines, stable_text
from govwatch.core import SiteSpec
from govwatch.crawl import CrawlOptions
from govwatch.services.scan import ScanOutcome, ScanRequest
from govwatch.services.security_baselines import approve_baseline, current_baseline, scan_with_baseline
from govwatch.storage.models import Site, Unit
from govwatch.storage.security.models import Baseline

VERSIONS = SITE / "deface"


def test_stable_text_masks_news_dates_counters_and_weather() -> None:
    v1, v2 = (VERSIONS / "v1.html").read_text(encoding="utf-8"), (VERSIONS / "v2.html").read_text(encoding="utf-8")
    assert stable_text(v1) == stable_text(v2)  # new headlines, dates, weather, visitor count: same baseline
    lines = stable_lines(v1)
    assert "政务动态" in lines and "深入学习贯彻党的二十届三中全会精神" in lines
    assert not any("森林防火" in line or "1024388" in line or "晴" in line for line in lines)


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "root"
    root.mkdir()
    with SecServer({HOST: root}, default_root=None) as srv:
        yield root, srv.port


def _scan(site: Site, port: int, root: Path, version: str) -> tuple[ScanOutcome, bool]:
    shutil.copy(VERSIONS / f"{version}.html", root / "index.html")
    request = ScanRequest(site=SiteSpec(home_url=site.home_url),
                          crawl=CrawlOptions(resolve={(HOST, port): "127.0.0.1"}, check_external=False,
                                             max_pages=5, total_timeout=5),
                          today=TODAY, security=True)
    return scan_with_baseline(site, request)


def _defacement(outcome: ScanOutcome) -> list:  # type: ignore[type-arg]
    return [f for f in outcome.findings if f.code == "security.defacement"]


@pytest.mark.django_db
def test_baseline_then_news_update_then_defacement(served) -> None:  # type: ignore[no-untyped-def]
    root, port = served
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    site = Site.objects.create(name="示例县人民政府门户网站", home_url=f"http://{HOST}:{port}/", unit=unit, level="县")

    first, taken = _scan(site, port, root, "v1")
    assert taken and not _defacement(first)
    stored = Baseline.objects.get(site=site)
    assert stored.approved_by == "" and "深入学习贯彻党的二十届三中全会精神" in stored.text
    assert stored.digest == stable_text((VERSIONS / "v1.html").read_text(encoding="utf-8"))[1]
    assert "县长带队检查秋冬季森林防火工作" in stored.snapshot

    update, taken = _scan(site, port, root, "v2")
    assert not taken and not _defacement(update)  # ordinary news update

    hacked, _ = _scan(site, port, root, "v3")
    (finding,) = _defacement(hacked)
    assert finding.evidence["similarity"] < 0.7 and "hacked by" in finding.evidence["words"]
    assert "深入学习贯彻党的二十届三中全会精神" in finding.evidence["before"]
    assert "Hacked by Sh#ll-Team" in finding.evidence["after"]
    assert finding.evidence["baseline_digest"] == stored.digest and "篡改" in finding.message

    injected, _ = _scan(site, port, root, "v4")
    (finding,) = _defacement(injected)
    assert finding.evidence["similarity"] >= 0.7  # a small change, but with gambling words
    assert {"新葡京", "百家乐", "彩金"} <= set(finding.evidence["words"])
    assert any("新葡京" in line for line in finding.evidence["after"])

    # an operator approves a redesign: the new homepage is the baseline from now on
    redesign, _ = _scan(site, port, root, "v3")
    row = approve_baseline(site, redesign, "p-operator")
    assert row is not None and row.approved_by == "p-operator"
    baseline = current_baseline(site)
    assert baseline is not None and baseline.approved_by == "p-operator"
    again, taken = _scan(site, port, root, "v3")
    assert not taken and not _defacement(again) and Baseline.objects.count() == 1


@pytest.mark.django_db
def test_scan_without_security_takes_no_baseline(served) -> None:  # type: ignore[no-untyped-def]
    root, port = served
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    site = Site.objects.create(name="示例县人民政府门户网站", home_url=f"http://{HOST}:{port}/", unit=unit, level="县")
    shutil.copy(VERSIONS / "v1.html", root / "index.html")
    request = ScanRequest(site=SiteSpec(home_url=site.home_url),
                          crawl=CrawlOptions(resolve={(HOST, port): "127.0.0.1"}, check_external=False, max_pages=5),
                          today=TODAY)
    _, taken = scan_with_baseline(site, request)
    assert not taken and not Baseline.objects.exists()


@pytest.mark.django_db
def test_cli_operator_approves_the_baseline(served, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from govwatch.cli.main import main
    from govwatch.services.access import ensure_user
    from govwatch.storage.models import AuditEvent

    root, port = served
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    site = Site.objects.create(name="示例县人民政府门户网站", home_url=f"http://{HOST}:{port}/", unit=unit, level="县")
    ensure_user("sec-operator", "operator", "", "pw-123456789")
    ensure_user("sec-unit", "unit", "示例县人民政府", "pw-123456789")
    shutil.copy(VERSIONS / "v2.html", root / "index.html")
    resolve = ["--resolve", f"{HOST}:{port}:127.0.0.1"]
    assert main(["baselines", "show", site.home_url]) == 0
    assert "尚无防篡改基线" in capsys.readouterr().out
    assert main(["baselines", "approve", site.home_url, "--user", "sec-unit", *resolve]) == 2  # not an operator
    assert not Baseline.objects.exists()
    assert main(["baselines", "approve", f"http://{HOST}:{port}/nowhere/", "--user", "sec-operator", *resolve]) == 2
    assert main(["baselines", "approve", site.home_url, "--user", "sec-operator", *resolve]) == 0
    row = Baseline.objects.get(site=site)
    assert row.approved_by == "sec-operator" and "示例县举办第十二届农民丰收节" in row.snapshot
    assert AuditEvent.objects.filter(username="sec-operator", action="approve").count() == 1
    capsys.readouterr()
    assert main(["baselines", "show", site.home_url]) == 0
    out = capsys.readouterr().out
    assert "确认人 sec-operator" in out and "深入学习贯彻党的二十届三中全会精神" in out


@pytest.mark.django_db
def test_cli_check_takes_then_compares(served, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from govwatch.cli.main import main

    root, port = served
    unit = Unit.objects.create(name="示例县人民政府", level="县")
    site = Site.objects.create(name="示例县人民政府门户网站", home_url=f"http://{HOST}:{port}/", unit=unit, level="县")
    resolve = ["--resolve", f"{HOST}:{port}:127.0.0.1"]
    for version, code, said in [("v1", 0, "已将当前首页采集为基线"), ("v2", 0, "未发现篡改迹象"),
                                ("v4", 1, "新葡京"), ("v3", 1, "Hacked by")]:
        shutil.copy(VERSIONS / f"{version}.html", root / "index.html")
        assert main(["baselines", "check", site.home_url, *resolve]) == code, version
        assert said in capsys.readouterr().out, version
