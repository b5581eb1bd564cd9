"""Fixtures of the new-media check tests: real samples collected once over 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from govwatch.core import AccountSpec, CollectResult, Platform
from govwatch.core.clock import CHINA_TZ
from govwatch.sample.server import ServerThread
from govwatch.sources import (
    CollectorSettings,
    HttpClient,
    WeiboEndpoints,
    WeiboOptions,
    collect_feed,
    collect_wechat_articles,
    collect_weibo,
)

FAST = CollectorSettings(interval=0.0, host_intervals={}, retries=0, timeout=5.0)
SHANGHAI = AccountSpec(Platform.WECHAT, "上海发布", platform_id="MjM5NTA5NzYyMA==", level="市", unit="上海市人民政府新闻办公室")
WEIBO = AccountSpec(Platform.WEIBO, "明日方舟Arknights", platform_id="6279793937", level="市")
PARTY = AccountSpec(Platform.WECHAT, "共产党员", platform_id="MzA4ODUzNjAxOA==", level="市")


@pytest.fixture(scope="module")
def real_results(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CollectResult]]:
    """The real 上海发布 feed, the real Weibo timeline and the real WeChat articles, each collected over
    HTTP from a temporary web root served on 127.0.0.1."""
    nm = corpus / "newmedia"
    root = tmp_path_factory.mktemp("newmedia-www")
    files = {
        "feed.xml": nm / "wechat-rss/MjM5NTA5NzYyMA==.xml",
        "weibo/1005056279793937/1.json": nm / "weibo/weibo_ak_profile.json",
        "weibo/1076036279793937/1.json": nm / "weibo/weibo_ak_list_1.json",
        "weibo/1076036279793937/2.json": nm / "weibo/weibo_ak_list_0.json",
        "weibo/1076036279793937/3.json": nm / "weibo/weibo_err_profile.json",
        "s/a.html": nm / "wechat-articles/article_detail_iframe.html",
        "s/expired.html": nm / "wechat-articles/article_detail_expired.html",
    }
    for rel, source in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / rel)
    with ServerThread(roots={"127.0.0.1": root}) as srv:
        base = srv.url
        options = WeiboOptions(lookback_days=60, endpoints=WeiboEndpoints(
            profile=base + "/weibo/100505{uid}/1.json", timeline=base + "/weibo/{containerid}/{page}.json"))

        async def main() -> dict[str, CollectResult]:
            async with HttpClient(FAST) as client:
                feed = await collect_feed(SHANGHAI, client, base + "/feed.xml")
                weibo = await collect_weibo(WEIBO, client, datetime(2021, 6, 17, 18, 0, tzinfo=CHINA_TZ), options)
                party = await collect_wechat_articles(PARTY, client, [base + "/s/a.html", base + "/s/expired.html"])
                teapot = await collect_feed(SHANGHAI, client, base + "/status/418")
                return {"shanghai": feed, "weibo": weibo, "party": party, "teapot": teapot, "base": base}  # type: ignore[dict-item]

        yield asyncio.run(main())
