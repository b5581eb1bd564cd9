"""Weibo collector over the m.weibo.cn container API (the JSON the mobile site reads).

profile (``containerid=100505{uid}``: ``userInfo`` + ``tabsInfo``) → the timeline container (the
``weibo`` tab's ``containerid``, else ``107603{uid}``) → pages 1, 2, … until a post older than the
look-back cut-off, an empty page, or ``max_pages``. Pinned posts (``isTop`` / title ``置顶``) are kept
but flagged: they stand first out of order and never count for freshness or for the cut-off.

Failures are data: 418/403 (anti-crawler), a redirect to passport.weibo.cn or ``ok: -100`` (login
needed: credentials expired), ``ok: 0`` on the profile (no such account), a JSON shape without
``data.cards`` or an unknown ``created_at`` (format changed) each give ``CollectResult(ok=False)``. A
later page failing after page 1 succeeded keeps the newest posts: freshness is known, ``complete_since``
says how far back the list is whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from govwatch.core.clock import utcnow
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Post
from govwatch.sources.base import failed, html_links, html_to_text, looks_like_captcha
from govwatch.sources.http import Answer, HttpClient, host_of
from govwatch.sources.times import parse_weibo_time

SOURCE = "weibo"
_PLATFORM_HOSTS = ("m.weibo.cn", "weibo.cn", "weibo.com", "s.weibo.com")
_HEADERS = {"Accept": "application/json, text/plain, */*", "MWeibo-Pwa": "1",
            "X-Requested-With": "XMLHttpRequest", "Referer": "https://m.weibo.cn/"}
_UID = re.compile(r"(\d{5,})")


class WeiboFailure(Exception):
    """Internal: one request's answer cannot be used; carries the kind and Chinese reason."""

    def __init__(self, kind: CollectErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class WeiboEndpoints:
    """URL templates (``str.format`` fields ``uid``, ``containerid``, ``page``, ``id``; unused ones are
    ignored), so tests and mirrors can point the collector elsewhere."""

    profile: str = "https://m.weibo.cn/api/container/getIndex?type=uid&value={uid}&containerid=100505{uid}"
    timeline: str = ("https://m.weibo.cn/api/container/getIndex?type=uid&value={uid}"
                     "&containerid={containerid}&page={page}")
    long_text: str = "https://m.weibo.cn/statuses/extend?id={id}"
    post_page: str = "https://m.weibo.cn/detail/{id}"


@dataclass(frozen=True)
class WeiboOptions:
    """``lookback_days`` how far before ``now`` the timeline is read (days); ``max_pages`` pages at most;
    ``long_text`` fetch the full text of posts cut with 全文 (one more request each)."""

    lookback_days: int = 35
    max_pages: int = 10
    long_text: bool = False
    endpoints: WeiboEndpoints = field(default_factory=WeiboEndpoints)


def weibo_uid(account: AccountSpec) -> str:
    """The numeric uid in ``platform_id`` (a bare uid or a profile URL such as weibo.com/u/123…); ''."""
    m = _UID.search(account.platform_id)
    return m.group(1) if m else ""


async def collect_weibo(account: AccountSpec, client: HttpClient, now: datetime | None = None,
                        options: WeiboOptions | None = None) -> CollectResult:
    """Collect the account's recent posts; ``now`` (aware) anchors relative times and the cut-off."""
    options = options or WeiboOptions()
    fetched_at = utcnow()
    now = now or fetched_at
    uid = weibo_uid(account)
    if not uid:
        return failed(account, CollectErrorKind.UNSUPPORTED, "账号未登记微博 uid，无法采集", fetched_at, source=SOURCE)
    try:
        profile = await _get_json(client, options.endpoints.profile.format(uid=uid), "微博主页")
        user, containerid = read_profile(profile, uid)
    except WeiboFailure as exc:
        return failed(account, exc.kind, exc.message, fetched_at, source=SOURCE)
    reader = _TimelineReader(account, client, options, now, uid, containerid, user)
    return await reader.run(fetched_at)


def read_profile(doc: Mapping[str, Any], uid: str) -> tuple[Mapping[str, Any], str]:
    """``(userInfo, timeline containerid)`` from a profile answer; raises WeiboFailure when unusable."""
    _check_ok(doc, "微博主页")
    data = doc.get("data")
    user = data.get("userInfo") if isinstance(data, dict) else None
    if not isinstance(user, dict):
        raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, "微博主页接口格式已变化：缺少 data.userInfo")
    tabs = ((data or {}).get("tabsInfo") or {}).get("tabs") or []
    for tab in tabs if isinstance(tabs, list) else []:
        if isinstance(tab, dict) and tab.get("tabKey") == "weibo" and tab.get("containerid"):
            return user, str(tab["containerid"])
    return user, f"107603{uid}"


def read_page(doc: Mapping[str, Any], account: AccountSpec, now: datetime,
              endpoints: WeiboEndpoints) -> tuple[list[Post], list[str]]:
    """``(posts, ids of long posts)`` of one timeline answer; ``ok: 0`` or no cards → ``([], [])``.

    Raises WeiboFailure on a login answer or a shape it does not know (no ``data.cards``, a post
    without ``id``/``created_at``, an unknown time format).
    """
    if doc.get("ok") == 0:
        _check_ok(doc, "微博时间线")
        return [], []
    data = doc.get("data")
    cards = data.get("cards") if isinstance(data, dict) else None
    if not isinstance(cards, list):
        _check_ok(doc, "微博时间线")
        raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, "微博时间线接口格式已变化：缺少 data.cards")
    posts: list[Post] = []
    long_ids: list[str] = []
    for blog in _mblogs(cards):
        post = mblog_post(blog, account, now, endpoints)
        posts.append(post)
        if blog.get("isLongText"):
            long_ids.append(post.post_id)
    return posts, long_ids


def mblog_post(blog: Mapping[str, Any], account: AccountSpec, now: datetime,
               endpoints: WeiboEndpoints | None = None) -> Post:
    """One ``mblog`` object → a Post (text without markup, external links, pinned flag, comment count)."""
    post_id, created = str(blog.get("id") or blog.get("mid") or ""), blog.get("created_at")
    if not post_id or not isinstance(created, str):
        raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, "微博时间线接口格式已变化：微博缺少 id 或 created_at")
    try:
        published = parse_weibo_time(created, now)
    except ValueError:
        raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, f"微博发布时间格式无法识别：{created!r}") from None
    html = str(blog.get("text") or "")
    text = html_to_text(html)
    title = (blog.get("title") or {}).get("text") if isinstance(blog.get("title"), dict) else None
    return Post(
        account_id=account.platform_id or account.name, post_id=post_id, published_at=published,
        title=" ".join(text.split())[:60], text=text,
        url=(endpoints or WeiboEndpoints()).post_page.format(id=post_id),
        links=html_links(html, base="https://m.weibo.cn/", skip_hosts=_PLATFORM_HOSTS),
        pinned=blog.get("isTop") in (1, True, "1") or title == "置顶", comments=_count(blog.get("comments_count")),
    )


def _mblogs(cards: list[Any]) -> Iterator[Mapping[str, Any]]:
    for card in cards:
        if not isinstance(card, dict):
            continue
        if isinstance(card.get("mblog"), dict):
            yield card["mblog"]
        group = card.get("card_group")
        if isinstance(group, list):
            yield from _mblogs(group)


def _count(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _check_ok(doc: Mapping[str, Any], what: str) -> None:
    ok, url = doc.get("ok"), str(doc.get("url") or "")
    if ok == -100 or "passport" in url or "login" in url:
        raise WeiboFailure(CollectErrorKind.CREDENTIALS, f"{what}要求登录，采集凭据（Cookie）可能已失效")
    if ok == 0 and what == "微博主页":
        raise WeiboFailure(CollectErrorKind.NOT_FOUND, f"{what}接口返回：{doc.get('msg') or '无内容'}（账号可能不存在或已注销）")
    if ok not in (0, 1):
        raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, f"{what}接口返回未知状态 ok={ok!r}")


async def _get_json(client: HttpClient, url: str, what: str) -> Mapping[str, Any]:
    answer = await client.get(url, headers=_HEADERS)
    if "passport" in host_of(answer.final_url):
        raise WeiboFailure(CollectErrorKind.CREDENTIALS, f"{what}跳转到登录页，采集凭据（Cookie）可能已失效")
    if not answer.ok:
        raise WeiboFailure(answer.error or CollectErrorKind.HTTP, f"{what}采集失败：{answer.message}（{url}）")
    return _decode(answer, what)


def _decode(answer: Answer, what: str) -> Mapping[str, Any]:
    text = answer.text()
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        return doc
    if looks_like_captcha(text):
        raise WeiboFailure(CollectErrorKind.ANTI_CRAWLER, f"{what}返回验证页面，疑似触发反爬虫限制（{answer.url}）")
    if "登录" in text[:20000]:
        raise WeiboFailure(CollectErrorKind.CREDENTIALS, f"{what}返回登录页面，采集凭据可能已失效（{answer.url}）")
    raise WeiboFailure(CollectErrorKind.FORMAT_CHANGED, f"{what}接口返回的不是 JSON 对象（{answer.url}）")


class _TimelineReader:
    """Reads timeline pages of one account into posts (newest first, de-duplicated by id)."""

    def __init__(self, account: AccountSpec, client: HttpClient, options: WeiboOptions, now: datetime,
                 uid: str, containerid: str, user: Mapping[str, Any]) -> None:
        self.account, self.client, self.options, self.now = account, client, options, now
        self.uid, self.containerid = uid, containerid
        self.statuses = _count(user.get("statuses_count"))
        self.cutoff = now - timedelta(days=options.lookback_days)
        self.posts: dict[str, Post] = {}
        self.long_ids: list[str] = []
        self.notes: list[str] = []

    async def run(self, fetched_at: datetime) -> CollectResult:
        complete_since: datetime | None = None
        for page in range(1, self.options.max_pages + 1):
            url = self.options.endpoints.timeline.format(uid=self.uid, containerid=self.containerid, page=page)
            try:
                found_new = await self._page(url)
            except WeiboFailure as exc:
                if page == 1:
                    return failed(self.account, exc.kind, exc.message, fetched_at, source=SOURCE)
                self.notes.append(f"第 {page} 页采集失败，只取得较新的信息：{exc.message}")
                complete_since = self._oldest()
                break
            found, new = found_new
            if not found:
                if page == 1 and self.statuses:
                    return failed(self.account, CollectErrorKind.FORMAT_CHANGED,
                                  f"微博时间线为空，但主页显示有 {self.statuses} 条微博（{url}）", fetched_at, source=SOURCE)
                break
            if not new:  # the same page again (the API ignored the page number): stop, the rest is unknown
                self.notes.append(f"第 {page} 页没有新的信息，停止翻页")
                complete_since = self._oldest()
                break
            if self._passed_cutoff():
                complete_since = self.cutoff
                break
        else:
            complete_since = self._oldest()
            self.notes.append(f"已读满 {self.options.max_pages} 页，更早的信息未采集")
        if self.options.long_text:
            await self._long_texts()
        posts = sorted(self.posts.values(), key=lambda p: p.published_at, reverse=True)
        return CollectResult(self.account, tuple(posts), fetched_at, notes=tuple(self.notes),
                             complete_since=complete_since, source=SOURCE)

    async def _page(self, url: str) -> tuple[int, int]:
        doc = await _get_json(self.client, url, "微博时间线")
        posts, long_ids = read_page(doc, self.account, self.now, self.options.endpoints)
        new = [p for p in posts if p.post_id not in self.posts]
        self.posts.update((p.post_id, p) for p in new)
        self.long_ids.extend(i for i in long_ids if i not in self.long_ids)
        return len(posts), len(new)

    def _passed_cutoff(self) -> bool:
        return any(not p.pinned and p.published_at < self.cutoff for p in self.posts.values())

    def _oldest(self) -> datetime | None:
        times = [p.published_at for p in self.posts.values() if not p.pinned]
        return min(times) if times else None

    async def _long_texts(self) -> None:
        for post_id in self.long_ids:
            url = self.options.endpoints.long_text.format(id=post_id)
            try:
                doc = await _get_json(self.client, url, "微博全文")
                html = str((doc.get("data") or {}).get("longTextContent") or "")
            except (WeiboFailure, AttributeError) as exc:
                self.notes.append(f"微博 {post_id} 的全文未取得：{exc}")
                continue
            if html:
                post = self.posts[post_id]
                self.posts[post_id] = replace(post, text=html_to_text(html), links=html_links(
                    html, base="https://m.weibo.cn/", skip_hosts=_PLATFORM_HOSTS))
