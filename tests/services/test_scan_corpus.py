"""End-to-end scans of real stored government pages (../shared/corpus), served on 127.0.0.1 as if live."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from govwatch.core.models import ColumnSpec, ColumnType, LinkVerdict, SiteSpec
from govwatch.sample.server import ServerThread
from govwatch.services.scan import CrawlOptions, ScanOutcome, ScanRequest, scan_site

HOST = "wsjkw.sh.gov.cn"
XWFB_LINKS = 9  # the list page links nine /xwfb/ articles; only one of them is stored


@pytest.fixture(scope="module")
def shanghai(corpus: Path) -> Iterator[ServerThread]:
    with ServerThread(roots={HOST: corpus / "sites" / HOST}, default_root=None) as srv:
        yield srv


def scan(srv: ServerThread, today: date, out: Path | None = None) -> ScanOutcome:
    url = f"http://{HOST}:{srv.port}/yqtb/index.html"
    site = SiteSpec(home_url=url, name="上海市卫生健康委员会", site_id_code="3100000010", kind="department",
                    parent_domain="sh.gov.cn", columns=(ColumnSpec("疫情通报", url, ColumnType.NEWS),))
    options = CrawlOptions(resolve={(HOST, srv.port): "127.0.0.1"}, check_external=False, total_timeout=5)
    return scan_site(ScanRequest(site=site, crawl=options, today=today, out_dir=out))


def column(outcome: ScanOutcome):  # type: ignore[no-untyped-def]
    (col,) = [c for c in outcome.facts.columns if c.name == "疫情通报"]
    return col


def test_news_column_is_fresh_on_its_capture_date(shanghai: ServerThread, tmp_path: Path) -> None:
    outcome = scan(shanghai, date(2022, 4, 28), tmp_path)
    col = column(outcome)
    assert col.type is ColumnType.NEWS and col.source == "declared"
    assert col.latest == date(2022, 4, 27)
    assert len([i for i in col.items if i.published]) == 20
    assert min(i.published for i in col.items if i.published) == date(2022, 4, 17)  # the corpus README says 04-18; the page itself runs 04-17 … 04-27
    codes = {f.code for f in outcome.findings}
    assert "column.stale" not in codes and "homepage.stale" not in codes
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] in ("合格", "不合格")
    assert {f["code"] for f in report["findings"]} == codes


def test_news_column_is_stale_five_weeks_later(shanghai: ServerThread) -> None:
    outcome = scan(shanghai, date(2022, 6, 1))
    stale = [f for f in outcome.findings if f.code == "column.stale"]
    assert len(stale) == 1
    assert "疫情通报" in stale[0].message
    assert "homepage.stale" in {f.code for f in outcome.findings}
    assert outcome.score.verdict == "不合格"


def test_missing_articles_are_dead_links_and_the_stored_one_is_ok(shanghai: ServerThread) -> None:
    outcome = scan(shanghai, date(2022, 4, 28))
    xwfb = {url: check for url, check in outcome.crawl.links.items() if "/xwfb/" in url}
    assert len(xwfb) == XWFB_LINKS
    ok = [u for u, c in xwfb.items() if c.verdict is LinkVerdict.OK]
    dead = [u for u, c in xwfb.items() if c.verdict is LinkVerdict.DEAD]
    assert ok == [u for u in xwfb if "d4d847dcf3f64fcab102cf5a65656891" in u]
    assert len(dead) == XWFB_LINKS - 1
    reported = {f.url for f in outcome.findings if f.code in ("links.dead_home", "links.dead_inner")}
    assert set(dead) <= reported
    one = next(f for f in outcome.findings if f.url == dead[0])
    assert one.evidence["status"] == 404


WANZAI = "2015/万载县2015年国民经济和社会发展统计公报.html"
YICHUN = "宜春市/2022/宜春市2022年国民经济和社会发展统计公报 _ 中国宜春.html"


@pytest.mark.parametrize("host, path, code", [
    ("www.wanzai.gov.cn", WANZAI, "3609220011"),
    ("www.yichun.gov.cn", YICHUN, "3609000002"),
])
def test_real_footers_satisfy_identity_checks(corpus: Path, host: str, path: str, code: str) -> None:
    root = corpus / "sites" / "wanzai-yichun"
    with ServerThread(roots={host: root}, default_root=None) as srv:
        url = f"http://{host}:{srv.port}/{path}"
        options = CrawlOptions(resolve={(host, srv.port): "127.0.0.1"}, check_external=False,
                               max_pages=1, total_timeout=5)
        right = scan_site(ScanRequest(site=SiteSpec(home_url=url, site_id_code=code), crawl=options,
                                      today=date(2023, 6, 1)))
        wrong = scan_site(ScanRequest(site=SiteSpec(home_url=url, site_id_code="3609000000"), crawl=options,
                                      today=date(2023, 6, 1)))
    assert code in right.facts.identity.site_id_codes
    assert right.facts.identity.meta_site_id in ("", code)
    assert right.facts.identity.badge
    codes = {f.code for f in right.findings if f.code.startswith("identity.")}
    assert not codes & {"identity.site_id_missing", "identity.site_id_mismatch", "identity.icp_missing",
                        "identity.police_missing", "identity.badge_missing"}
    assert "identity.site_id_mismatch" in {f.code for f in wrong.findings}
    assert "domain.not_gov_cn" not in {f.code for f in right.findings}
