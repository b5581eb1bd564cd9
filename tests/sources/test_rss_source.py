"""RSS/Atom collector over real HTTP on 127.0.0.1: the real 上海发布 feed, and failures as data."""

from __future__ import annotations

from pathlib import Path

from nmkit import bj, put, run

from govwatch.core import AccountSpec, CollectErrorKind, Platform
from govwatch.sample.server import ServerThread
from govwatch.sources import collect_feed

SHANGHAI = "wechat-rss/MjM5NTA5NzYyMA==.xml"


def account(url: str) -> AccountSpec:
    return AccountSpec(Platform.WECHAT, "上海发布", platform_id="MjM5NTA5NzYyMA==", feed_url=url, level="市")


def test_real_shanghai_feed(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    put(web_root, "feeds/shanghai.xml", newmedia / SHANGHAI)
    result = run(lambda c: collect_feed(account(server.url + "/feeds/shanghai.xml"), c))
    assert result.ok and result.error_kind is None and result.source == "rss"
    assert len(result.posts) == 20 and len({p.post_id for p in result.posts}) == 20
    newest, oldest = result.posts[0], result.posts[-1]
    assert newest.published_at == bj(2021, 6, 16, 20, 4, 54) and newest.title.startswith("明天有雷阵雨")
    assert newest.url == "https://mp.weixin.qq.com/s/4CrL6UMIeJ9bBfDz66aP-w"
    assert oldest.published_at == bj(2021, 6, 15, 18, 47, 42)
    assert [p.published_at for p in result.posts] == sorted((p.published_at for p in result.posts), reverse=True)
    assert str(newest.published_at.tzinfo) == "Asia/Shanghai"
    # A feed holds its last N items only: the list is whole from its oldest item on.
    assert result.complete_since == oldest.published_at
    assert result.latest == newest and not any(p.pinned for p in result.posts)
    assert server.sample.hits["/feeds/shanghai.xml"] == 1


def test_atom_feed_with_an_undated_entry(web_root: Path, server: ServerThread) -> None:
    put(web_root, "atom.xml", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>示例区发布</title>
<entry><id>tag:a,1</id><title>区政府召开常务会议</title><link href="https://example.gov.cn/a/1.html"/>
<updated>2025-06-27T09:30:00+08:00</updated>
<content type="html">&lt;p&gt;会议研究了&lt;a href="https://example.gov.cn/doc/2.pdf"&gt;实施方案&lt;/a&gt;。&lt;/p&gt;</content></entry>
<entry><id>tag:a,2</id><title>没有日期的条目</title><link href="https://example.gov.cn/a/2.html"/></entry>
</feed>""")
    result = run(lambda c: collect_feed(account(server.url + "/atom.xml"), c))
    assert result.ok and len(result.posts) == 1
    post = result.posts[0]
    assert post.post_id == "tag:a,1" and post.published_at == bj(2025, 6, 27, 9, 30)
    assert post.text == "会议研究了实施方案。" and post.links == ("https://example.gov.cn/doc/2.pdf",)
    assert any("1 条信息无发布时间" in n for n in result.notes)


def test_all_undated_feed_is_a_failure_not_a_stale_account(web_root: Path, server: ServerThread) -> None:
    put(web_root, "undated.xml", "<rss version='2.0'><channel><title>t</title>"
        "<item><title>a</title><link>https://e.gov.cn/1</link></item></channel></rss>")
    result = run(lambda c: collect_feed(account(server.url + "/undated.xml"), c))
    assert not result.ok and result.error_kind is CollectErrorKind.FORMAT_CHANGED and result.posts == ()


def test_empty_feed_is_collected_with_a_note(web_root: Path, server: ServerThread) -> None:
    put(web_root, "empty.xml", "<rss version='2.0'><channel><title>空</title></channel></rss>")
    result = run(lambda c: collect_feed(account(server.url + "/empty.xml"), c))
    assert result.ok and result.posts == () and result.notes == ("订阅源中没有任何信息",)


def test_failures_are_results_with_their_kind(web_root: Path, server: ServerThread) -> None:
    put(web_root, "moved.html", "<html><head><title>某区人民政府</title></head><body><p>页面已迁移</p></body></html>")
    cases = {
        "/status/418": CollectErrorKind.ANTI_CRAWLER,  # m.weibo.cn / RSSHub upstream anti-crawler answer
        "/status/403": CollectErrorKind.ANTI_CRAWLER,
        "/status/404": CollectErrorKind.NOT_FOUND,
        "/status/401": CollectErrorKind.CREDENTIALS,
        "/status/500": CollectErrorKind.HTTP,
        "/waf": CollectErrorKind.ANTI_CRAWLER,  # a 200 captcha page instead of the feed
        "/moved.html": CollectErrorKind.FORMAT_CHANGED,  # an HTML page where the feed was
    }
    for path, kind in cases.items():
        result = run(lambda c, p=path: collect_feed(account(server.url + p), c))
        assert not result.ok and result.error_kind is kind and result.posts == (), path
        assert result.error_message and result.source == "rss"
    assert server.sample.hits["/status/418"] == 1  # an anti-crawler answer is never retried
    assert server.sample.hits["/status/500"] == 2  # a 5xx is retried (retries=1)


def test_no_feed_url_is_unsupported() -> None:
    result = run(lambda c: collect_feed(AccountSpec(Platform.DOUYIN, "某抖音号"), c))
    assert not result.ok and result.error_kind is CollectErrorKind.UNSUPPORTED
