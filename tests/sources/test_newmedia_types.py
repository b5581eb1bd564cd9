"""The new-media core types: platform codes, post times normalised to Beijing, the freshness post."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govwatch.core import AccountSpec, CollectResult, Platform, Post


def test_account_platform_code_and_key() -> None:
    account = AccountSpec("weibo", "示例市发布", platform_id="1234567890")  # type: ignore[arg-type]
    assert account.platform is Platform.WEIBO and account.key == "weibo:1234567890"
    assert account.page_url == "https://m.weibo.cn/u/1234567890"
    assert AccountSpec(Platform.WECHAT, "某局", feed_url="http://127.0.0.1/f.xml").key == "wechat:某局"
    with pytest.raises(ValueError):
        AccountSpec("kuaishou", "x")  # type: ignore[arg-type]


def test_post_time_is_beijing_and_must_be_aware() -> None:
    post = Post("1", "p", datetime(2025, 6, 30, 16, 30, tzinfo=UTC))
    assert post.published_at.isoformat() == "2025-07-01T00:30:00+08:00"
    with pytest.raises(ValueError):
        Post("1", "p", datetime(2025, 6, 30, 16, 30))


def test_latest_skips_pinned_posts() -> None:
    account = AccountSpec(Platform.WEIBO, "x", platform_id="1")
    pinned = Post("1", "a", datetime(2025, 7, 1, tzinfo=UTC), pinned=True)
    older = Post("1", "b", datetime(2025, 6, 1, tzinfo=UTC))
    assert CollectResult(account, (pinned, older), datetime.now(UTC)).latest == older
    assert CollectResult(account, (pinned,), datetime.now(UTC)).latest is None
