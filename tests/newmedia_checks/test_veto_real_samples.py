"""The 2-week veto (政务新媒体「内容不更新」) on the real samples, as of dates stated here.

上海发布 feed: newest item 2021-06-16 20:04 → fresh through 2021-06-30 (14 days), veto from 2021-07-01;
7-day warning from 2021-06-24. Weibo timeline: newest non-pinned post 2021-06-17 16:00 (the pinned one
is 2021-06-08) → fresh through 2021-07-01, veto from 2021-07-02. 共产党员 article 2018-03-20 → fresh
through 2018-04-03, veto from 2018-04-04. A collection answered with 418 is never judged stale.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from govwatch.checks.newmedia import NewMediaContext, run_newmedia_checks
from govwatch.core import CollectResult
from govwatch.core.clock import CHINA_TZ
from govwatch.rules.rulebook import default_rulebook


def codes_on(result: CollectResult, day: tuple[int, int, int]) -> list[str]:
    now = datetime(*day, 9, 0, tzinfo=CHINA_TZ)
    findings = run_newmedia_checks(NewMediaContext(result.account, result, now), default_rulebook())
    return sorted(f.code for f in findings if f.code.startswith("account.stale") or f.code == "account.collect_failed")


@pytest.mark.parametrize(("day", "expected"), [
    ((2021, 6, 17), []),
    ((2021, 6, 23), []),
    ((2021, 6, 24), ["account.stale_warning"]),
    ((2021, 6, 30), ["account.stale_warning"]),
    ((2021, 7, 1), ["account.stale"]),
    ((2021, 12, 31), ["account.stale"]),
])
def test_shanghai_feed(real_results: dict[str, CollectResult], day: tuple[int, int, int], expected: list[str]) -> None:
    assert codes_on(real_results["shanghai"], day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    ((2021, 6, 24), []),
    ((2021, 6, 25), ["account.stale_warning"]),
    ((2021, 7, 1), ["account.stale_warning"]),
    ((2021, 7, 2), ["account.stale"]),
])
def test_weibo_timeline_pinned_post_excluded(real_results: dict[str, CollectResult], day: tuple[int, int, int],
                                            expected: list[str]) -> None:
    assert codes_on(real_results["weibo"], day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    ((2018, 4, 3), ["account.stale_warning"]),
    ((2018, 4, 4), ["account.stale"]),
])
def test_wechat_article(real_results: dict[str, CollectResult], day: tuple[int, int, int], expected: list[str]) -> None:
    assert codes_on(real_results["party"], day) == expected


def test_veto_finding_reads_as_evidence(real_results: dict[str, CollectResult]) -> None:
    result = real_results["shanghai"]
    now = datetime(2021, 7, 1, 9, 0, tzinfo=CHINA_TZ)
    (stale,) = [f for f in run_newmedia_checks(NewMediaContext(result.account, result, now), default_rulebook())
                if f.code == "account.stale"]
    assert stale.target == "wechat:MjM5NTA5NzYyMA=="
    assert stale.evidence["days_since"] == 15 and stale.evidence["window_days"] == 14
    assert stale.evidence["latest"]["published_at"] == "2021-06-16T20:04:54+08:00"
    assert "微信公众号「上海发布」" in stale.message and "2021-06-16" in stale.message and "单项否决" in stale.message
    rulebook = default_rulebook()
    (indicator,) = rulebook.for_code("account.stale")
    assert indicator.kind == "veto" and indicator.applies_to == ("new_media",) and indicator.params["days"] == 14


def test_failed_collection_is_never_stale(real_results: dict[str, CollectResult]) -> None:
    result = real_results["teapot"]
    assert not result.ok and result.posts == ()
    for day in ((2021, 6, 17), (2030, 1, 1)):
        assert codes_on(result, day) == ["account.collect_failed"]
    now = datetime(2030, 1, 1, tzinfo=CHINA_TZ)
    findings = run_newmedia_checks(NewMediaContext(result.account, result, now), default_rulebook())
    assert [f.code for f in findings] == ["account.collect_failed"]  # nor low frequency, nor anything else
    assert "418" in findings[0].message and findings[0].evidence["error_kind"] == "anti_crawler"


def test_expired_article_is_not_a_post_but_a_dead_menu_link(real_results: dict[str, CollectResult]) -> None:
    from dataclasses import replace

    result = real_results["party"]
    expired = result.gone[0]
    account = replace(result.account, menu_urls=(expired,))
    ctx = NewMediaContext(account, replace(result, account=account), datetime(2018, 3, 21, tzinfo=CHINA_TZ))
    findings = run_newmedia_checks(ctx, default_rulebook())
    assert [f.code for f in findings] == ["account.dead_link"]
    assert findings[0].url == expired and findings[0].evidence["in_menu"] is True
