"""The verdict on one checked URL (issue #2 §3), and the WAF/captcha page detector it uses.

``dead`` 404/410, NXDOMAIN, refused after retries, a malformed URL; ``blocked`` 401/403/412/429/451 or a
WAF/captcha page (reported apart, never counted as dead); ``error`` 5xx after retries, TLS, redirect loop,
too many redirects, a page above the size cap, reset, an unresolved 3xx; ``timeout``; ``ok`` otherwise.
"""

from __future__ import annotations

from govwatch.core.models import Fetch, FetchError, LinkVerdict

#: Text that marks a WAF block or captcha interstitial served with status 200. Kept as data: add markers
#: of new vendors here. Plain 验证码 is not a marker — ordinary login forms on portals show one.
WAF_MARKERS: tuple[str, ...] = (
    "安全验证", "访问过于频繁", "人机验证", "滑动验证", "您的访问被拦截", "访问被拒绝", "请求被拦截",
    "网站防火墙", "安全狗", "云锁", "创宇盾", "访问已被拦截", "当前访问疑似黑客攻击",
    "Access Denied", "Attention Required! | Cloudflare", "cf-challenge", "cf_chl_", "challenge-platform",
    "Just a moment...", "Checking your browser", "Request Rejected", "The requested URL was rejected",
)
#: A WAF interstitial is short; a marker inside a long real page (an article about 安全验证) is not one.
WAF_MAX_CHARS = 20_000

_DEAD_STATUS = frozenset({404, 410})
_BLOCKED_STATUS = frozenset({401, 403, 412, 429, 451})
_DEAD_ERRORS = frozenset({FetchError.DNS, FetchError.CONNECT, FetchError.INVALID_URL})


def looks_like_waf(text: str) -> bool:
    """True when ``text`` (a decoded body or its first KB) is a WAF block or captcha page."""
    if not text or len(text) > WAF_MAX_CHARS:
        return False
    return any(marker in text for marker in WAF_MARKERS)


def verdict_of(fetch: Fetch, body_text: str = "") -> LinkVerdict:
    """Map a finished fetch (after retries and redirects) and, when read, its body text to a verdict."""
    if fetch.error is not None:
        if fetch.error in _DEAD_ERRORS:
            return LinkVerdict.DEAD
        if fetch.error is FetchError.TIMEOUT:
            return LinkVerdict.TIMEOUT
        if fetch.error is FetchError.BLOCKED:
            return LinkVerdict.BLOCKED
        return LinkVerdict.ERROR
    status = fetch.status or 0
    if 200 <= status < 300:
        return LinkVerdict.BLOCKED if looks_like_waf(body_text) else LinkVerdict.OK
    if status in _DEAD_STATUS:
        return LinkVerdict.DEAD
    if status in _BLOCKED_STATUS:
        return LinkVerdict.BLOCKED
    return LinkVerdict.ERROR
