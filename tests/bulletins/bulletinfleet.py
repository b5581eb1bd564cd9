"""Real rows for bulletin service tests: three units, four sites, stored scores for four quarters of 2026,
findings, a new-media account with a finding, and a data folder of the test's own."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from govwatch.storage.models import Account, AccountFinding, Finding, Score, Site, Unit

NOW = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
SEEN = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


def use_data_dir(settings: object, folder: Path) -> Path:
    """Point ``settings.GOVWATCH.data_dir`` at ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings.GOVWATCH = dataclasses.replace(settings.GOVWATCH, data_dir=folder)  # type: ignore[attr-defined]
    return folder


@dataclass(frozen=True)
class Fleet:
    """The rows made by ``make_fleet``."""

    units: dict[str, Unit]
    sites: dict[str, Site]


def _score(site: Site, period: str, verdict: str, total: float | None, vetoes: tuple[str, ...] = ()) -> None:
    Score.objects.create(site=site, period=period, rulebook_id="national-2019", rulebook_version="1",
                         verdict=verdict, vetoed=bool(vetoes), deduction_score=total, total=total,
                         detail={"vetoes": list(vetoes), "indicators": [
                             {"id": "publish.column_stale", "title": "栏目更新（应更新栏目未按期更新）", "kind": "deduct",
                              "passed": False, "points_lost": 3.0, "evaluated": True,
                              "findings": [{"id": 1}], "more_ids": []}]})


def _finding(site: Site, tag: str, code: str, indicators: list[str], message: str, *, resolved: bool = False,
             certainty: str = "") -> Finding:
    return Finding.objects.create(
        site=site, fingerprint=f"fp-{tag}", code=code, indicators=indicators, url=f"{site.home_url}{tag}/",
        message=message, evidence={"latest": "2026-03-01", "column": "通知公告"}, fix="请及时更新栏目内容",
        first_seen=SEEN, last_seen=SEEN, status="resolved" if resolved else "open",
        resolved_at=NOW if resolved else None, certainty=certainty)


def make_fleet() -> Fleet:
    """甲县 (portal 92.5 合格, department 65 不合格), 乙县 (portal vetoed 站点无法访问), 丙县 (portal 88 合格);
    scores for 2026Q1–Q4 (Q2 missing), findings of 2026Q4 and one new-media finding."""
    units = {n: Unit.objects.create(name=f"{n}人民政府", level="县") for n in ("甲县", "乙县", "丙县")}
    hosts = {"甲县": "jiaxian", "乙县": "yixian", "丙县": "bingxian"}
    sites = {n: Site.objects.create(name=f"{n}人民政府门户网站", home_url=f"http://www.{hosts[n]}.gov.cn/",
                                    unit=units[n], level="县") for n in units}
    sites["甲县教育局"] = Site.objects.create(name="甲县教育局网站", home_url="http://jyj.jiaxian.gov.cn/",
                                          unit=units["甲县"], level="县", kind="department")
    for period in ("2026Q1", "2026Q3", "2026Q4"):
        _score(sites["甲县"], period, "合格", 92.5)
        _score(sites["乙县"], period, "不合格", None, ("站点无法访问",))
        _score(sites["丙县"], period, "合格", 88.0 if period == "2026Q4" else 70.0)
        _score(sites["甲县教育局"], period, "不合格", 65.0)
    _finding(sites["甲县"], "a1", "column.stale", ["publish.column_stale"], "通知公告栏目超过3个月未更新")
    _finding(sites["甲县"], "a2", "column.stale", ["publish.column_stale"], "政策解读栏目超过3个月未更新", resolved=True)
    _finding(sites["乙县"], "b1", "links.dead", ["function.links_home"], "首页死链 3 个")
    _finding(sites["乙县"], "b2", "links.dead", ["function.links_inner"], "疑似死链", certainty="suspected")
    _finding(sites["丙县"], "c1", "identity.icp_missing", [], "未发现ICP备案号")
    account = Account.objects.create(platform="wechat", name="甲县发布", platform_id="gh_jx", unit=units["甲县"],
                                     level="县")
    AccountFinding.objects.create(account=account, fingerprint="af1", code="account.stale", message="超过2周未更新",
                                  first_seen=SEEN, last_seen=SEEN)
    return Fleet(units, sites)
