"""WeChat official-account article pages (mp.weixin.qq.com/s/…) → posts, and the expired/deleted page.

An article page carries its facts in inline script: ``var ct = "1521515999"`` (publish time, Unix
seconds), ``var nickname`` (the account), ``var msg_title``, ``var mid``/``idx`` (the post id) and
``var comment_id`` (non-zero when 留言 is open); the body is ``#js_content``. A link whose article was
withdrawn answers 200 with a ``weui-msg`` page (链接已过期, 该内容已被发布者删除 …): it is recorded in
``CollectResult.gone`` — not a post and not a crash; a link checker would call it OK. The 环境异常
verification page is the anti-crawler answer and stops the round for that account.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser

from govwatch.core.clock import utcnow
from govwatch.core.newmedia import AccountSpec, CollectErrorKind, CollectResult, Post
from govwatch.sources.base import html_links, html_to_text, looks_like_captcha
from govwatch.sources.http import HttpClient

SOURCE = "wechat"
GONE_TEXTS = ("链接已过期", "该内容已被发布者删除", "内容已被删除", "此内容因违规无法查看", "此内容被投诉且经审核涉嫌侵权",
              "该公众号已迁移", "已停止访问该网页", "此内容发送失败无法查看", "该内容已被删除")
_VAR = r"(?:var\s+|window\.)?{name}\s*=\s*(.+?);?\s*$"
_QUOTED = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")
_JS_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\(.)")


@dataclass(frozen=True)
class Gone:
    """A withdrawn article: ``url`` requested and the page's ``reason`` (链接已过期 …)."""

    url: str
    reason: str


class NotAnArticle(Exception):
    """The page is neither an article nor a known withdrawn page; ``kind`` says what it looked like."""

    def __init__(self, kind: CollectErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def js_var(page: str, name: str) -> str | None:
    """The first non-empty string literal assigned to ``var name`` (``"" || "" || "7"`` → ``7``,
    ``htmlDecode("…")`` unwrapped, JS and HTML escapes decoded); '' when only empty ones; None if absent."""
    pattern = re.compile(_VAR.format(name=re.escape(name)), re.M)
    for line in pattern.finditer(page):
        values = [m.group(2) for m in _QUOTED.finditer(line.group(1))]
        if values:
            text = next((v for v in values if v), "")
            return htmllib.unescape(_JS_ESCAPE.sub(_unescape_one, text))
    return None


def _unescape_one(m: re.Match[str]) -> str:
    if m.group(1) or m.group(2):
        return chr(int(m.group(1) or m.group(2), 16))
    return m.group(3)


def parse_article(page: str, url: str, account: AccountSpec) -> Post | Gone:
    """An article page → :class:`Post`, or :class:`Gone` for the expired/deleted page.

    Raises NotAnArticle (anti-crawler page, or a page of unknown shape).
    """
    ct = js_var(page, "ct") or js_var(page, "create_time")
    tree = LexborHTMLParser(page)
    content = tree.css_first("#js_content")
    if ct and ct.isdigit() and content is not None:
        return _article(page, url, account, int(ct), content.html or "")
    reason = _gone_reason(tree)
    if reason:
        return Gone(url, reason)
    if looks_like_captcha(page):
        raise NotAnArticle(CollectErrorKind.ANTI_CRAWLER, f"微信文章页返回环境异常/验证页面，疑似触发反爬虫限制（{url}）")
    raise NotAnArticle(CollectErrorKind.FORMAT_CHANGED, f"微信文章页格式无法识别：未找到发布时间 ct 或正文 #js_content（{url}）")


def _article(page: str, url: str, account: AccountSpec, ct: int, body: str) -> Post:
    mid, idx = js_var(page, "mid") or js_var(page, "appmsgid"), js_var(page, "idx")
    comment_id = js_var(page, "comment_id")
    title = js_var(page, "msg_title") or _meta(page, "og:title")
    return Post(
        account_id=account.platform_id or account.name, post_id=f"{mid}_{idx or 1}" if mid else url,
        published_at=datetime.fromtimestamp(ct, UTC), title=" ".join(title.split()), text=html_to_text(body),
        url=url, links=html_links(body, base=url),
        comments_open=None if comment_id is None else comment_id not in ("", "0"),
    )


def _meta(page: str, prop: str) -> str:
    node = LexborHTMLParser(page).css_first(f'meta[property="{prop}"]')
    return (node.attributes.get("content") or "") if node is not None else ""


def _gone_reason(tree: LexborHTMLParser) -> str:
    nodes = tree.css(".weui-msg__title, .weui-msg__desc, .global_error_msg, .mesg-block")
    text = " ".join(n.text(separator=" ").strip() for n in nodes)
    return next((t for t in GONE_TEXTS if t in text), "")


def nickname(page: str) -> str:
    """The account name an article page shows (``var nickname``), '' when absent."""
    return js_var(page, "nickname") or ""


async def collect_wechat_articles(account: AccountSpec, client: HttpClient, urls: Iterable[str]) -> CollectResult:
    """Fetch each article URL of the account: posts, withdrawn URLs (``gone``), and failures.

    ``ok`` is False when any fetch failed or a page was unreadable (the first failure's kind and reason
    are given); an anti-crawler answer stops the remaining requests. Never raises.
    """
    fetched_at = utcnow()
    posts: list[Post] = []
    gone: list[str] = []
    notes: list[str] = []
    failure: tuple[CollectErrorKind, str] | None = None
    for url in dict.fromkeys(urls):
        answer = await client.get(url)
        if not answer.ok:
            failure = failure or (answer.error or CollectErrorKind.HTTP, f"微信文章采集失败：{answer.message}（{url}）")
            notes.append(f"文章未取得：{answer.message}（{url}）")
            continue
        page = answer.text()
        try:
            item = parse_article(page, url, account)
        except NotAnArticle as exc:
            failure = failure or (exc.kind, exc.message)
            notes.append(exc.message)
            if exc.kind is CollectErrorKind.ANTI_CRAWLER:
                break
            continue
        if isinstance(item, Gone):
            gone.append(url)
            notes.append(f"文章{item.reason}：{url}")
            continue
        posts.append(item)
        shown = nickname(page)
        if shown and account.name and shown != account.name:
            notes.append(f"文章署名「{shown}」与登记的账号名称「{account.name}」不一致：{url}")
    posts.sort(key=lambda p: p.published_at, reverse=True)
    return _result(account, posts, gone, notes, failure, fetched_at)


def _result(account: AccountSpec, posts: list[Post], gone: list[str], notes: list[str],
            failure: tuple[CollectErrorKind, str] | None, fetched_at: datetime) -> CollectResult:
    open_posts = [p for p in posts if p.comments_open]
    interaction = True if open_posts else None
    evidence = f"文章「{open_posts[0].title}」开启了留言" if open_posts else ""
    return CollectResult(
        account, tuple(posts), fetched_at, ok=failure is None, error_kind=failure[0] if failure else None,
        error_message=failure[1] if failure else "", notes=tuple(notes),
        complete_since=posts[-1].published_at if posts else None, gone=tuple(gone),
        interaction=interaction, interaction_evidence=evidence, source=SOURCE)
