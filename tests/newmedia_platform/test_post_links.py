"""Links in collected posts are checked: a dead one becomes an ``account.dead_link`` finding (issue #5 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nmplatkit import FAST, beijing

from govwatch.crawl import CrawlOptions
from govwatch.sample.server import ServerThread
from govwatch.services.newmedia import CollectOptions, collect_account
from govwatch.storage.models import Account, AccountFinding, Unit

pytestmark = pytest.mark.django_db

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试发布</title>
<link>{base}/</link><description>测试</description>
<item><title>关于开展安全检查的通知</title><link>{base}/news/1.html</link>
<pubDate>Mon, 07 Jun 2021 10:00:00 +0800</pubDate>
<description><![CDATA[<p>详见<a href="{base}/files/gone.pdf">附件</a>和<a href="{base}/news/2.html">解读</a>。</p>]]></description>
</item></channel></rss>"""


def test_a_dead_link_in_a_post_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "2.html").write_text("<html><body>解读</body></html>", encoding="utf-8")
    with ServerThread(roots={"127.0.0.1": tmp_path}, default_root=None) as srv:
        (tmp_path / "feed.xml").write_text(FEED.format(base=srv.url), encoding="utf-8")
        unit = Unit.objects.create(name="测试县人民政府", level="县")
        account = Account.objects.create(platform="wechat", name="测试发布", platform_id="ceshi", unit=unit,
                                          level="县", feed_url=f"{srv.url}/feed.xml")
        opts = CollectOptions(settings=FAST, links=CrawlOptions(retries=0, total_timeout=5.0))
        outcome = collect_account(account, beijing(2021, 6, 8, 9, 0), opts)
    assert outcome.ok
    [dead] = AccountFinding.objects.filter(account=account, code="account.dead_link")
    assert dead.url == f"{srv.url}/files/gone.pdf" and dead.evidence["status"] == 404
    assert dead.evidence["referrers"][0]["title"] == "关于开展安全检查的通知"
