"""The pages' content with real rows (issue #4 §1): login with ``next``, the overview's panels, the site
page, the findings list's filters, pagination, htmx partial and exports, units and accounts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from pagekit import PageWorld, client_for, make_page_world
from personakit import PASSWORD

from govwatch.core.clock import CHINA_TZ
from govwatch.storage.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path: Path) -> PageWorld:
    return make_page_world(tmp_path / "reports")


def _text(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_login_honours_next_and_logout_needs_post(world: PageWorld) -> None:
    client = Client()
    target = f"/sites/{world.p.sites[0].id}/"
    login_page = client.get(target, follow=True)
    assert "用户登录" in login_page.content.decode() and login_page.redirect_chain[-1][0].startswith("/login/")
    bad = client.post("/login/", {"username": "p-operator", "password": "wrong", "next": target})
    assert bad.status_code == 200 and "用户名或密码不正确" in bad.content.decode()
    good = client.post("/login/", {"username": "p-operator", "password": PASSWORD, "next": target})
    assert good.status_code == 302 and good["Location"] == target
    assert world.p.sites[0].name in _text(client, target)
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_overview_panels(world: PageWorld) -> None:
    Finding.objects.create(site=world.p.sites[1], fingerprint="veto-b", code="homepage.stale",
                           message="首页超过两周未更新（最新信息 2026-10-01）", first_seen=world.now, last_seen=world.now)
    body = _text(client_for(world.p, "admin"), "/")
    assert "监测总览 · 全部网站" in body
    assert "单项否决（1）" in body and "首页不更新" in body  # unit B's vetoed site, reason from its finding
    assert "首页超过两周未更新（最新信息 2026-10-01）" in body
    assert "chart-availability" in body and "chart-trend" in body and "echarts.common.min.js" in body
    assert "链接可用性（首页）" in body and "栏目更新（应更新栏目未按期更新）" in body
    assert "县级门户网站（2）" in body
    unit_body = _text(client_for(world.p, "unit_a"), "/")
    assert "监测总览 · 甲县人民政府" in unit_body and "单项否决（0）" in unit_body


def test_availability_counts_the_confirmed_failure(world: PageWorld) -> None:
    from govwatch.services.access import actor_of
    from govwatch.services.dashboard import overview
    from govwatch.storage.models import Membership

    admin = actor_of(Membership.objects.get(user__username="p-admin").user)
    data = overview(admin, world.now)
    assert sum(d.counted for d in data.availability) == 96
    assert sum(d.failures for d in data.availability) == 2
    assert {name for _, name, _, _ in data.failing} == {s.name for s in world.p.sites}
    assert data.counts["合格"] == 1 and data.counts["不合格"] == 1 and data.counts["vetoed"] == 1
    assert [t.passed + t.failed for t in data.trend] == [2, 2]


def test_site_page_shows_score_evidence_runs_columns_and_reports(world: PageWorld) -> None:
    site, extra = world.p.sites[1], world.extra[1]
    body = _text(client_for(world.p, "operator"), f"/sites/{site.id}/")
    assert "单项否决" in body and "55.0" in body
    assert f'href="#finding-{world.p.findings[1].id}"' in body  # lost points traced to the finding
    assert f'<a href="{extra.evidence["page"]}"' in body and "失效链接b" in body  # evidence rendered, URL a link
    assert "HTTP 状态码：" in body and "404" in body
    assert "通知公告" in body and "乙县人民政府通知公告" in body
    assert "全量扫描" in body and ">121<" in body and f"/runs/{world.runs[1].id}/files/report.html" in body
    assert "近 30 天" in _text(client_for(world.p, "operator"), f"/sites/{site.id}/?days=30")


def test_rectify_action_only_when_the_route_exists(world: PageWorld) -> None:
    body = _text(client_for(world.p, "operator"), "/findings/")
    try:
        url = reverse("rectify:create")
    except NoReverseMatch:
        assert "发起整改" not in body and 'name="finding"' not in body
    else:
        assert f'action="{url}"' in body and "发起整改" in body
        assert f'name="finding" value="{world.p.findings[0].id}"' in body


def _ids(body: str, world: PageWorld) -> set[int]:
    every = [*world.p.findings, *world.extra]
    return {f.id for f in every if f'#finding-{f.id}"' in body}


def test_findings_filters(world: PageWorld) -> None:
    client = client_for(world.p, "admin")
    a, b = world.p.findings
    xa, xb = world.extra
    Finding.objects.filter(id=xb.id).update(status="resolved")
    cases = {
        "": {a.id, b.id, xa.id, xb.id},
        "?indicator=function.links_home": {xa.id, xb.id},
        "?code=column.stale": {a.id, b.id},
        "?code=links.": {xa.id, xb.id},
        f"?unit={world.p.units[1].id}": {b.id, xb.id},
        f"?site={world.p.sites[0].id}": {a.id, xa.id},
        "?status=resolved": {xb.id},
        "?status=open&level=县": {a.id, b.id, xa.id},
        "?level=市": set(),
        "?q=失效": set(),
        "?q=dead-a": {xa.id},
        f"?since={world.now.astimezone(CHINA_TZ).date() + timedelta(days=1)}": set(),
        "?since=2026-11-01&until=2026-11-25": {a.id, b.id},
    }
    for query, want in cases.items():
        assert _ids(_text(client, "/findings/" + query), world) == want, query
    # An invalid filter is named (400) and matches nothing, never silently dropped (QA report).
    response = client.get("/findings/?status=bogus&unit=abc")
    assert response.status_code == 400
    body = response.content.decode()
    assert "筛选条件“状态”无效" in body and "筛选条件“主办单位”无效" in body and _ids(body, world) == set()


def test_findings_htmx_partial_and_pagination(world: PageWorld) -> None:
    client = client_for(world.p, "admin")
    site = world.p.sites[0]
    Finding.objects.bulk_create([Finding(site=site, fingerprint=f"bulk-{i}", code="links.dead_inner",
                                         url=f"http://x/{i}", message=f"批量问题{i}", first_seen=world.now,
                                         last_seen=world.now) for i in range(60)])
    full = _text(client, "/findings/?code=links.dead_inner")
    assert "<html" in full and "共 <strong>60</strong> 条" in full and "第 1 / 2 页" in full
    part = _text(client, "/findings/?code=links.dead_inner&page=2", HTTP_HX_REQUEST="true")
    assert "<html" not in part and "第 2 / 2 页" in part and part.count("批量问题") == 10
    assert 'hx-get="/findings/"' in full and 'method="get"' in full  # htmx, and a plain GET form without JS


def test_exports_hold_the_filtered_rows(world: PageWorld) -> None:
    client = client_for(world.p, "unit_b")
    response = client.get("/findings/export.xlsx?status=open")
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("问题编号", "网站", "主办单位")
    assert sorted(r[0] for r in rows[1:]) == sorted([world.p.findings[1].id, world.extra[1].id])
    assert {r[4] for r in rows[1:]} == {"栏目更新（应更新栏目未按期更新）", "链接可用性（首页）"}
    text = client.get("/findings/export.csv?code=links.dead_home").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 2 and lines[1][0] == str(world.extra[1].id) and lines[1][2] == "乙县人民政府"
    assert client.get("/findings/export.pdf").status_code == 404


def test_units_and_accounts(world: PageWorld) -> None:
    client = client_for(world.p, "admin")
    units = _text(client, "/units/")
    assert "甲县人民政府" in units and "乙县人民政府" in units
    unit = _text(client, f"/units/{world.p.units[0].id}/")
    assert world.p.sites[0].name in unit and world.p.accounts[0].name in unit and "首页链接不可用" in unit
    accounts = _text(client, "/accounts/?platform=weibo")
    assert world.p.accounts[0].name not in accounts
    account = _text(client, f"/accounts/{world.p.accounts[0].id}/")
    assert "超过2周未更新" in account and "甲县人民政府动态0" in account and "chart-posts" in account
    assert "最新发布日期：" in account  # account finding evidence rendered
    mine = _text(client_for(world.p, "unit_a"), "/units/")
    assert "本单位" in mine and "乙县人民政府" not in mine


def test_overview_ranking_is_cut_per_group_and_the_full_ranking_has_every_site(world: PageWorld) -> None:
    from govwatch.scoring.period import period_containing
    from govwatch.storage.models import Score, Site

    unit = world.p.units[0]
    period = period_containing(world.now).label
    for i in range(20):
        site = Site.objects.create(name=f"排名测试网站{i:02d}", home_url=f"http://r{i}.example.gov.cn/", unit=unit,
                                   level="县", kind="portal")
        Score.objects.create(site=site, period=period, rulebook_id="national-2019", rulebook_version="1",
                             verdict="合格", total=99.0 - i, rank=i + 1)
    body = _text(client_for(world.p, "admin"), "/")
    assert "县级门户网站（22）" in body and "仅显示前 10 名和最后 5 名" in body
    shown = [i for i in range(20) if f"排名测试网站{i:02d}" in body]
    # top 10: unit A's site (rank 1) and 00–08; last 5: 16–19 and unit B's vetoed site (vetoed last)
    assert shown == list(range(9)) + list(range(16, 20))
    full = _text(client_for(world.p, "admin"), "/ranking/")
    assert all(f"排名测试网站{i:02d}" in full for i in range(20))
