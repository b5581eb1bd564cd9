"""WeChat article collector over real HTTP on 127.0.0.1: the real 共产党员 and 长江日报 articles, the real
expired page, a real non-article page, and a project-written 环境异常 verification page."""

from __future__ import annotations

from pathlib import Path

from nmkit import bj, put, run

from govwatch.core import AccountSpec, CollectErrorKind, Platform
from govwatch.sample.server import ServerThread
from govwatch.sources import Gone, collect_wechat_articles, parse_article
from govwatch.sources.wechat import js_var

ARTICLES = "wechat-articles"
VERIFY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>验证</title></head><body>
<div class="weui-msg"><h2 class="weui-msg__title">环境异常</h2>
<p class="weui-msg__desc">当前环境异常，完成验证后即可继续访问。</p><a id="js_verify">去验证</a></div></body></html>"""


def account() -> AccountSpec:
    return AccountSpec(Platform.WECHAT, "共产党员", platform_id="MzA4ODUzNjAxOA==", level="市")


def test_real_article_page(newmedia: Path) -> None:
    page = (newmedia / ARTICLES / "article_detail_iframe.html").read_text(encoding="utf-8")
    post = parse_article(page, "https://mp.weixin.qq.com/s/x", account())
    assert not isinstance(post, Gone)
    assert post.published_at == bj(2018, 3, 20, 11, 19, 59)  # var ct = "1521515999"
    assert post.title == "【视频】石榴花开" and post.post_id == "2671068104_7"
    assert "像石榴籽那样紧紧抱在一起" in post.text and "（来源：新华社）" in post.text
    assert post.comments_open is True  # var comment_id = "2055505478"
    assert js_var(page, "nickname") == "共产党员"


def test_articles_fetched_over_http(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    for name in ("article_detail_iframe.html", "article_detail_mpvoice.html", "article_detail_expired.html"):
        put(web_root, f"s/{name}", newmedia / ARTICLES / name)
    urls = [f"{server.url}/s/article_detail_{n}.html" for n in ("iframe", "mpvoice", "expired")]
    result = run(lambda c: collect_wechat_articles(account(), c, urls))
    assert result.ok and result.source == "wechat", result.error_message
    assert [p.title for p in result.posts] == ["【视频】石榴花开", "语音 | 早安武汉〔2018.3.19 周一〕"]
    voice = result.posts[1]
    assert voice.published_at == bj(2018, 3, 19, 5, 30) and "http://bbs.cjn.cn/thread-22736796-1-1.html" in voice.links
    # The expired page is a 200 answer: recorded as gone, neither a post nor a failure.
    assert result.gone == (urls[2],) and any("链接已过期" in n for n in result.notes)
    assert any("长江日报" in n for n in result.notes)  # the byline differs from the registered account
    assert result.interaction is True and "开启了留言" in result.interaction_evidence
    assert result.complete_since == bj(2018, 3, 19, 5, 30)


def test_verification_page_stops_the_round(web_root: Path, server: ServerThread, newmedia: Path) -> None:
    put(web_root, "s/verify.html", VERIFY)
    put(web_root, "s/a.html", newmedia / ARTICLES / "article_detail_iframe.html")
    urls = [server.url + "/s/verify.html", server.url + "/s/a.html"]
    result = run(lambda c: collect_wechat_articles(account(), c, urls))
    assert not result.ok and result.error_kind is CollectErrorKind.ANTI_CRAWLER and result.posts == ()
    assert server.sample.hits["/s/a.html"] == 0


def test_unknown_page_http_errors_and_418(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    put(web_root, "s/history.html", newmedia / ARTICLES / "bitsea-history.html")  # real, not an article
    put(web_root, "s/a.html", newmedia / ARTICLES / "article_detail_iframe.html")
    urls = [server.url + p for p in ("/s/history.html", "/status/404", "/s/a.html")]
    result = run(lambda c: collect_wechat_articles(account(), c, urls))
    assert not result.ok and result.error_kind is CollectErrorKind.FORMAT_CHANGED
    assert [p.post_id for p in result.posts] == ["2671068104_7"]  # what could be read is kept
    assert any("404" in n for n in result.notes)
    result = run(lambda c: collect_wechat_articles(account(), c, [server.url + "/status/418"]))
    assert not result.ok and result.error_kind is CollectErrorKind.ANTI_CRAWLER


def test_js_var_forms() -> None:
    page = '''var a = "" || "" || "7";\n var b = htmlDecode("&lt;标题&gt;");\n  var c = 'x\\x26amp;y'.html(false);\n'''
    assert js_var(page, "a") == "7" and js_var(page, "b") == "<标题>" and js_var(page, "c") == "x&y"
    assert js_var(page, "missing") is None
