"""Value types of government new-media monitoring (政务新媒体): accounts, posts and collection outcomes.

Times on posts are timezone-aware ``datetime`` in Asia/Shanghai (the calendar the 2-week rule is judged
in); ``fetched_at`` is UTC like every other fetch time. Nothing here imports anything of ours but
:mod:`govwatch.core.clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from govwatch.core.clock import CHINA_TZ


class Platform(StrEnum):
    """The platform an account (政务新媒体账号) lives on."""

    WECHAT = "wechat"  # 微信公众号
    WEIBO = "weibo"  # 微博
    DOUYIN = "douyin"  # 抖音
    APP = "app"  # 政务APP
    OTHER = "other"


class CollectErrorKind(StrEnum):
    """Why a collection produced no trustworthy picture of an account (``CollectResult.error_kind``)."""

    HTTP = "http"  # an HTTP error status (5xx after retries, other 4xx)
    NOT_FOUND = "not_found"  # 404/410, or the platform says the account has no such page
    NETWORK = "network"  # refused, reset, DNS failure
    TIMEOUT = "timeout"
    ANTI_CRAWLER = "anti_crawler"  # 418/403/412, a captcha or 环境异常 verification page
    RATE_LIMITED = "rate_limited"  # 429 still after the Retry-After pauses
    CREDENTIALS = "credentials"  # login required: cookies expired, redirected to the sign-in page
    FORMAT_CHANGED = "format_changed"  # the answer is not in the shape the collector knows
    NO_DATA = "no_data"  # an import file without rows for the account
    UNSUPPORTED = "unsupported"  # no automatic collector for this account (patrol by hand)
    OTHER = "other"


@dataclass(frozen=True)
class AccountSpec:
    """A registered government new-media account as the collectors and checks need it.

    ``platform`` wechat/weibo/douyin/app/other; ``platform_id`` the platform's id (微博 uid, 公众号
    biz or 微信号, …; '' if unknown); ``feed_url`` an RSS/Atom feed of the account (RSSHub, wewe-rss …;
    '' if none); ``level`` 市/县/乡镇 ('' unknown); ``unit`` the 主办单位; ``kind`` 'government'
    (政府账号) or 'department' (部门账号); ``interaction`` True/False when the registry declares whether
    the account offers comments/留言/menu consultation, None when undeclared; ``menu_urls`` the URLs
    behind the account's menu (菜单栏), checked for dead links.
    """

    platform: Platform
    name: str
    platform_id: str = ""
    feed_url: str = ""
    level: str = ""
    unit: str = ""
    kind: str = "government"
    interaction: bool | None = None
    menu_urls: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A registry row may hand the platform over as its code string; keep the enum (ValueError if unknown).
        object.__setattr__(self, "platform", Platform(self.platform))

    @property
    def key(self) -> str:
        """Stable target id of the account in findings: ``platform:platform_id`` (or ``platform:name``)."""
        return f"{Platform(self.platform).value}:{self.platform_id or self.name}"

    @property
    def page_url(self) -> str:
        """Where a person can look at the account: the Weibo profile for a numeric uid, else the feed URL."""
        if self.platform == Platform.WEIBO and self.platform_id.isdigit():
            return f"https://m.weibo.cn/u/{self.platform_id}"
        return self.feed_url


@dataclass(frozen=True)
class Post:
    """One post (发布信息) of an account.

    ``account_id`` the account's platform id (or name); ``post_id`` the platform's post id (Weibo mid,
    WeChat ``mid_idx``, feed guid, or the URL); ``published_at`` timezone-aware, normalised to
    Asia/Shanghai (a naive value raises ValueError); ``links`` absolute http(s) URLs inside the post;
    ``pinned`` True for a 置顶 post (shown out of order, so never counted for freshness);
    ``comments`` the comment/留言 count the platform showed (None unknown); ``comments_open`` whether the
    post accepts comments/留言 (None unknown).
    """

    account_id: str
    post_id: str
    published_at: datetime
    title: str = ""
    text: str = field(default="", repr=False)
    url: str = ""
    links: tuple[str, ...] = field(default=(), repr=False)
    pinned: bool = False
    comments: int | None = None
    comments_open: bool | None = None

    def __post_init__(self) -> None:
        if self.published_at.tzinfo is None or self.published_at.utcoffset() is None:
            raise ValueError(f"Post.published_at must be timezone-aware: {self.published_at!r}")
        object.__setattr__(self, "published_at", self.published_at.astimezone(CHINA_TZ))


@dataclass(frozen=True)
class CollectResult:
    """What one collection of one account produced — success or failure, always data.

    ``ok`` False means the collector could not get a trustworthy answer (``error_kind`` and the Chinese
    ``error_message`` say why): then no post list is a verdict, the account is neither fresh nor stale.
    ``posts`` newest first as collected (may be partial when ``ok`` is False); ``fetched_at`` UTC start;
    ``notes`` Chinese remarks (undated entries skipped, pages not read …); ``complete_since`` the time
    from which ``posts`` hold every post of the account (a feed holds only its last N items, a timeline
    is read back to a cut-off); None when the list is complete; ``gone`` article URLs the platform
    answered as expired or deleted (链接已过期, 内容已被删除 — a 200 page, so a link checker calls them OK);
    ``interaction`` True/False when the collector saw the account's interaction channel open/closed
    (None unknown) with ``interaction_evidence`` saying where; ``source`` which collector (rss, weibo,
    wechat, import).
    """

    account: AccountSpec
    posts: tuple[Post, ...]
    fetched_at: datetime
    ok: bool = True
    error_kind: CollectErrorKind | None = None
    error_message: str = ""
    notes: tuple[str, ...] = ()
    complete_since: datetime | None = None
    gone: tuple[str, ...] = ()
    interaction: bool | None = None
    interaction_evidence: str = ""
    source: str = ""

    @property
    def latest(self) -> Post | None:
        """The newest post that is not pinned (置顶 posts never count for freshness); None if none."""
        dated = [p for p in self.posts if not p.pinned]
        return max(dated, key=lambda p: p.published_at) if dated else None
