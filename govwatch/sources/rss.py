"""RSS/Atom collector (feedparser): any feed URL — RSSHub routes, wewe-rss / wechat-feeds style WeChat
feeds, Weibo feeds.

A feed holds only its last N items, so ``complete_since`` is the oldest item's time: posts before it may
exist unseen (the frequency check must not count them as missing). Items without a date are skipped and
noted; a feed whose items are all undated, an HTML page, or a captcha page is a failure, never "no posts".
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any

import feedparser

from govwatch.core.clock import utcnow
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Post
from govwatch.sources.base import failed, failed_answer, html_links, html_to_text, looks_like_captcha
from govwatch.sources.http import HttpClient

SOURCE = "rss"
_FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


async def collect_feed(account: AccountSpec, client: HttpClient, url: str | None = None) -> CollectResult:
    """Fetch ``url`` (default ``account.feed_url``) and parse it into the account's posts.

    Never raises: HTTP errors, 418/captcha answers and non-feed bodies give ``CollectResult(ok=False)``.
    """
    fetched_at = utcnow()
    feed_url = url or account.feed_url
    if not feed_url:
        return failed(account, CollectErrorKind.UNSUPPORTED, "账号未登记订阅源地址（RSS/Atom）", fetched_at,
                      source=SOURCE)
    answer = await client.get(feed_url, headers={"Accept": _FEED_TYPES})
    if not answer.ok:
        return failed_answer(account, answer, fetched_at, source=SOURCE, what="订阅源")
    return parse_feed(account, answer.body, fetched_at, feed_url)


def parse_feed(account: AccountSpec, body: bytes, fetched_at: datetime, feed_url: str = "") -> CollectResult:
    """A feed document (bytes) → the account's posts, newest first; a failure result when it is no feed."""
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        text = body[:20000].decode("utf-8", errors="replace")
        if looks_like_captcha(text):
            return failed(account, CollectErrorKind.ANTI_CRAWLER, f"订阅源返回验证页面，疑似触发反爬虫限制（{feed_url}）",
                          fetched_at, source=SOURCE)
        reason = parsed.get("bozo_exception") or "内容不是 RSS/Atom 格式"
        return failed(account, CollectErrorKind.FORMAT_CHANGED, f"订阅源无法解析：{reason}（{feed_url}）",
                      fetched_at, source=SOURCE)
    posts = [p for p in (_post(account, e, feed_url) for e in parsed.entries) if p is not None]
    undated = len(parsed.entries) - len(posts)
    if parsed.entries and not posts:
        return failed(account, CollectErrorKind.FORMAT_CHANGED,
                      f"订阅源的 {undated} 条信息均无发布时间，无法判断更新情况（{feed_url}）", fetched_at, source=SOURCE)
    notes = [f"订阅源中 {undated} 条信息无发布时间，未计入"] if undated else []
    if not parsed.entries:
        notes.append("订阅源中没有任何信息")
    posts.sort(key=lambda p: p.published_at, reverse=True)
    oldest = posts[-1].published_at if posts else None
    return CollectResult(account, tuple(posts), fetched_at, notes=tuple(notes), complete_since=oldest,
                         source=SOURCE)


def _post(account: AccountSpec, entry: Any, feed_url: str) -> Post | None:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is None:
        return None
    # feedparser gives UTC struct_time whatever offset the feed wrote.
    published = datetime.fromtimestamp(calendar.timegm(when), UTC)
    html = _body_html(entry)
    link = entry.get("link") or ""
    post_id = entry.get("id") or link or hashlib.sha1((entry.get("title") or "").encode()).hexdigest()
    return Post(account_id=account.platform_id or account.name, post_id=post_id, published_at=published,
                title=" ".join((entry.get("title") or "").split()), text=html_to_text(html), url=link,
                links=html_links(html, base=link or feed_url))


def _body_html(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        return "\n".join(c.get("value", "") for c in contents)
    return entry.get("summary") or entry.get("description") or ""
