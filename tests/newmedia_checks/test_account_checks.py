"""Each new-media check on project-written posts: edges of the windows, coverage, interaction, dead
links, advertising words, the proofreading seam, the runner and the rulebook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from govwatch.checks import (
    account_commercial_ad,
    account_dead_link,
    account_low_frequency,
    account_no_interaction,
    account_proofread,
    account_stale,
)
from govwatch.checks.newmedia import NewMediaContext, run_newmedia_checks
from govwatch.checks.registry import CHECKS, NEWMEDIA_CHECKS, newmedia_check_ids
from govwatch.core import AccountSpec, CollectErrorKind, CollectResult, Finding, Platform, Post
from govwatch.core.clock import CHINA_TZ
from govwatch.core.models import Fetch, FetchError, LinkCheck, LinkKind, LinkVerdict
from govwatch.rules.rulebook import Kind, default_rulebook

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=CHINA_TZ)
TODAY = NOW.date()
CITY = AccountSpec(Platform.WEIBO, "示例市发布", platform_id="1234567890", level="市")


def post(day: date, n: int = 0, **kw: object) -> Post:
    return Post(account_id="1234567890", post_id=f"{day.isoformat()}-{n}", title=f"信息{n}",
                published_at=datetime.combine(day, datetime.min.time(), CHINA_TZ) + timedelta(hours=10),
                url=f"https://m.weibo.cn/detail/{day:%m%d}{n}", **kw)  # type: ignore[arg-type]


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def ctx(posts: Iterable[Post], account: AccountSpec = CITY, *, ok: bool = True, complete_since: datetime | None = None,
        links: Sequence[LinkCheck] = (), gone: tuple[str, ...] = (), interaction: bool | None = None) -> NewMediaContext:
    result = CollectResult(account, tuple(posts), NOW.astimezone(UTC), ok=ok, complete_since=complete_since,
                           error_kind=None if ok else CollectErrorKind.TIMEOUT, error_message="" if ok else "请求超时",
                           gone=gone, interaction=interaction, source="test")
    return NewMediaContext(account, result, NOW, tuple(links))


def codes(findings: Iterable[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.mark.parametrize(("age", "expected"), [
    (0, []), (7, []), (8, ["account.stale_warning"]), (14, ["account.stale_warning"]), (15, ["account.stale"]),
])
def test_stale_window_edges(age: int, expected: list[str]) -> None:
    assert codes(account_stale.run(ctx([post(ago(age)), post(ago(40), 1)]), account_stale.Params())) == expected


def test_pinned_posts_never_make_an_account_fresh() -> None:
    findings = list(account_stale.run(ctx([post(ago(0), pinned=True), post(ago(20))]), account_stale.Params()))
    assert codes(findings) == ["account.stale"] and findings[0].evidence["days_since"] == 20
    assert findings[0].evidence["pinned_excluded"] == 1


def test_no_posts_is_stale_and_zombie_only_after_a_successful_collection() -> None:
    (empty,) = account_stale.run(ctx([]), account_stale.Params())
    assert empty.code == "account.stale" and empty.evidence["zombie"] is True and "僵尸" in empty.fix
    (old,) = account_stale.run(ctx([post(ago(91))]), account_stale.Params())
    assert old.evidence["zombie"] is True
    (recent,) = account_stale.run(ctx([post(ago(30))]), account_stale.Params())
    assert recent.evidence["zombie"] is False
    assert list(account_stale.run(ctx([], ok=False), account_stale.Params())) == []


def test_frequency_targets_per_level() -> None:
    params = account_low_frequency.Params()
    month = [post(ago(d), n) for n, d in enumerate((1, 3, 9, 12, 15, 20, 25, 29))]  # 8 in 30 days, 2 in the week
    assert codes(account_low_frequency.run(ctx(month), params)) == []
    few = month[:-1]
    (finding,) = account_low_frequency.run(ctx(few), params)
    assert finding.evidence == {"period": "month", "days": 30, "from": "2025-06-11", "to": "2025-07-10", "count": 7,
                                "target": 8, "level": "市", "source": "test"}
    quiet_week = [post(ago(d), n) for n, d in enumerate(range(7, 29, 2))]  # 11 posts, none in the last 7 days
    assert [f.evidence["period"] for f in account_low_frequency.run(ctx(quiet_week), params)] == ["week"]
    town = AccountSpec(Platform.WECHAT, "某某镇", level="乡镇")
    assert codes(account_low_frequency.run(ctx([post(ago(3))], town), params)) == ["account.low_frequency"]
    assert codes(account_low_frequency.run(ctx([post(ago(3)), post(ago(4), 1)], town), params)) == []
    unknown = AccountSpec(Platform.WECHAT, "未定级账号")
    assert codes(account_low_frequency.run(ctx([], unknown), params)) == []


def test_frequency_is_not_judged_beyond_what_was_collected() -> None:
    params = account_low_frequency.Params()
    feed = [post(ago(d), n) for n, d in enumerate((0, 1, 2))]
    since = feed[-1].published_at  # a feed that holds only its last 3 items
    assert codes(account_low_frequency.run(ctx(feed, complete_since=since), params)) == []
    whole = datetime.combine(ago(40), datetime.min.time(), CHINA_TZ)
    assert codes(account_low_frequency.run(ctx(feed, complete_since=whole), params)) == ["account.low_frequency"]
    assert codes(account_low_frequency.run(ctx(feed, ok=False), params)) == []


def test_interaction_declared_detected_or_unknown() -> None:
    params = account_no_interaction.Params()
    closed = [post(ago(d), d, comments_open=False) for d in (1, 2, 3)]
    declared_off = AccountSpec(Platform.WECHAT, "某局", interaction=False)
    assert [f.evidence["basis"] for f in account_no_interaction.run(ctx([], declared_off), params)] == ["declared"]
    declared_on = AccountSpec(Platform.WECHAT, "某局", interaction=True)
    assert codes(account_no_interaction.run(ctx(closed, declared_on), params)) == []
    (found,) = account_no_interaction.run(ctx(closed), params)
    assert found.evidence["basis"] == "detected" and len(found.evidence["posts"]) == 3
    assert codes(account_no_interaction.run(ctx(closed[:2]), params)) == []  # too few to prove it
    assert codes(account_no_interaction.run(ctx([*closed, post(ago(4), comments=2)]), params)) == []
    assert codes(account_no_interaction.run(ctx(closed, interaction=True), params)) == []
    assert codes(account_no_interaction.run(ctx([post(ago(1))]), params)) == []  # nothing known: not judged


def check(url: str, verdict: LinkVerdict, status: int | None, error: FetchError | None = None) -> LinkCheck:
    fetch = Fetch(url=url, final_url=url, status=status, seconds=0.1, size=0, content_type="text/html",
                  fetched_at=NOW, error=error)
    return LinkCheck(url=url, kind=LinkKind.EXTERNAL, verdict=verdict, fetch=fetch)


def test_dead_links_in_posts_and_menu() -> None:
    dead, blocked, gone = "https://www.example.gov.cn/gone.html", "https://www.example.gov.cn/waf", "https://mp.weixin.qq.com/s/old"
    refused = "https://down.example.gov.cn/"
    menu = AccountSpec(Platform.WECHAT, "某局", menu_urls=(gone + "#wechat_redirect", refused))
    posts = [post(ago(1), links=(dead, blocked)), post(ago(2), 1, links=(dead,))]
    links = [check(dead, LinkVerdict.DEAD, 404), check(blocked, LinkVerdict.BLOCKED, 403),
             check(refused, LinkVerdict.DEAD, None, FetchError.CONNECT)]
    findings = {f.url: f for f in account_dead_link.run(ctx(posts, menu, links=links, gone=(gone,)),
                                                        account_dead_link.Params())}
    assert set(findings) == {dead, gone, refused}
    assert findings[dead].evidence["referrer_count"] == 2 and findings[dead].evidence["reason"] == "HTTP 404"
    assert findings[gone].evidence["in_menu"] is True and "已过期" in findings[gone].message
    assert findings[refused].evidence["reason"] == "connect"


def test_commercial_words_and_exempt_sentences() -> None:
    params = account_commercial_ad.Params()
    ad = Post(account_id="x", post_id="1", published_at=NOW, title="夏日好物推荐",
              text="本店新品限时抢购，点击购买即享包邮！欢迎选购。")
    warning = Post(account_id="x", post_id="2", published_at=NOW, title="【提示】谨防“限时抢购”诈骗",
                   text="警惕所谓“点击购买”链接诈骗。消费券请在官方渠道领取。")
    (finding,) = account_commercial_ad.run(ctx([ad, warning]), params)
    assert finding.evidence["words"] == ["点击购买", "限时抢购", "包邮"] and finding.evidence["post_id"] == "1"
    assert "疑似" in finding.message and "123号" in finding.fix


def test_proofreading_seam() -> None:
    context = ctx([post(ago(1))], AccountSpec(Platform.WEIBO, "未定级账号", platform_id="1234567890"))
    assert account_proofread.proofread_posts(context.account, context.collect.posts) == []
    assert codes(run_newmedia_checks(context, default_rulebook())) == []
    seen: list[int] = []

    def engine(account: AccountSpec, posts: Sequence[Post]) -> list[Finding]:
        seen.append(len(posts))
        return [Finding(code="account.typo", target=account.key, url=posts[0].url, message="错别字")]

    account_proofread.register_proofreader(engine)
    try:
        findings = run_newmedia_checks(context, default_rulebook())
        assert codes(findings) == ["account.typo"] and seen == [1] and findings[0].target == "weibo:1234567890"
    finally:
        account_proofread.register_proofreader(None)
    assert codes(account_proofread.run(context, account_proofread.Params())) == []


def test_a_raising_check_becomes_check_error() -> None:
    class Broken:
        ID = "account.broken"
        Params = account_stale.Params

        @staticmethod
        def run(ctx: NewMediaContext, params: object) -> list[Finding]:
            raise RuntimeError("boom")

    findings = run_newmedia_checks(ctx([post(ago(1))]), default_rulebook(), [Broken, account_stale])  # type: ignore[list-item]
    assert codes(findings) == ["check.error"] and findings[0].target == CITY.key
    assert findings[0].evidence["check"] == "account.broken"


def test_rulebook_feeds_every_newmedia_check_and_counts_its_codes() -> None:
    rulebook = default_rulebook()
    for module in NEWMEDIA_CHECKS:
        assert module.Params(**rulebook.params_for(module.ID)) == module.Params(), module.ID
    assert not set(newmedia_check_ids()) & {m.ID for m in CHECKS}  # the website scan never runs them
    emitted = {"account.stale", "account.stale_warning", "account.low_frequency", "account.no_interaction",
               "account.dead_link", "account.commercial_ad", "account.collect_failed", "account.serious_error",
               "account.typo"}
    newmedia = [ind for ind in rulebook.indicators if "new_media" in ind.applies_to]
    assert {c for ind in newmedia for c in ind.codes} == emitted
    assert all(ind.applies_to == ("new_media",) and ind.source and ind.kind in (Kind.VETO, Kind.INFO) for ind in newmedia)
    assert {ind.id for ind in newmedia if not ind.confirmed} >= {"info.account_low_frequency", "veto.account_commercial_ad"}
