"""Weibo container-API collector over real HTTP on 127.0.0.1: real m.weibo.cn answers (a profile, two
timeline captures, post details, the error profile) and project-written ones (pinned posts, relative
times, a changed JSON shape, a login answer, 418)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nmkit import END_OF_TIMELINE, bj, endpoints, mblog, profile, put, run, timeline

from govwatch.core import AccountSpec, CollectErrorKind, Platform
from govwatch.sample.server import ServerThread
from govwatch.sources import WeiboEndpoints, WeiboOptions, collect_weibo
from govwatch.sources.times import parse_weibo_time

AK = "6279793937"
UID = "1234567890"


def account(uid: str) -> AccountSpec:
    return AccountSpec(Platform.WEIBO, "示例市发布", platform_id=uid, level="市")


def lay_out_real(newmedia: Path, root: Path) -> None:
    """profile → container 1076036279793937 (named by the profile's tabsInfo) → two pages, then the end."""
    put(root, f"weibo/100505{AK}/1.json", newmedia / "weibo/weibo_ak_profile.json")
    put(root, f"weibo/107603{AK}/1.json", newmedia / "weibo/weibo_ak_list_1.json")  # the later capture
    put(root, f"weibo/107603{AK}/2.json", newmedia / "weibo/weibo_ak_list_0.json")
    put(root, f"weibo/107603{AK}/3.json", newmedia / "weibo/weibo_err_profile.json")  # ok: 0 — no more
    for detail in (newmedia / "weibo").glob("weibo_detail_*"):
        put(root, f"weibo/{detail.name}", detail)


def test_real_timeline_pinned_and_long_text(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    lay_out_real(newmedia, web_root)
    options = WeiboOptions(endpoints=endpoints(server.url), long_text=True, lookback_days=60)
    result = run(lambda c: collect_weibo(account(AK), c, bj(2021, 6, 17, 18, 0), options))
    assert result.ok and result.source == "weibo", result.error_message
    ids = [p.post_id for p in result.posts]
    assert len(ids) == 11 == len(set(ids))  # two overlapping captures, de-duplicated
    pinned = [p for p in result.posts if p.pinned]
    assert [p.post_id for p in pinned] == ["4645748019299849"]
    assert pinned[0].published_at == bj(2021, 6, 8, 9, 35, 4)
    assert result.latest is not None and result.latest.post_id == "4649106427873349"
    assert result.latest.published_at == bj(2021, 6, 17, 16, 0, 11)
    # Page 2 (the earlier capture) brings nothing new, as when the API ignores the page number: stop there.
    assert result.complete_since == bj(2021, 6, 9, 15, 0, 3) and any("第 2 页没有新的信息" in n for n in result.notes)
    long = next(p for p in result.posts if p.post_id == "4649031014551911")
    assert "闪断补偿：合成玉*200" in long.text and long.comments == 577  # the full text from the detail API
    assert long.url == "https://m.weibo.cn/detail/4649031014551911"
    lottery = next(p for p in result.posts if p.post_id == "4648806186747944")
    assert "http://t.cn/A6VGmrc6" in lottery.links and not any("m.weibo.cn" in u for u in lottery.links)
    hits = server.sample.hits
    assert hits[f"/weibo/100505{AK}/1.json"] == 1 and hits[f"/weibo/107603{AK}/3.json"] == 0
    assert any("全文未取得" in n for n in result.notes)  # long posts whose detail was not captured


def test_cut_off_stops_paging_and_marks_completeness(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    lay_out_real(newmedia, web_root)
    options = WeiboOptions(endpoints=endpoints(server.url), lookback_days=7)
    result = run(lambda c: collect_weibo(account(AK), c, bj(2021, 6, 17, 18, 0), options))
    assert result.ok and result.complete_since == bj(2021, 6, 10, 18, 0)
    assert server.sample.hits[f"/weibo/107603{AK}/2.json"] == 0  # page 1 already reached 06-09


def test_end_of_timeline_means_complete(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    put(web_root, f"weibo/100505{UID}/1.json", profile(UID, 2))
    put(web_root, f"weibo/107603{UID}/1.json", timeline([mblog("2", "07-09", "新"), mblog("1", "07-01", "旧")], UID))
    put(web_root, f"weibo/107603{UID}/2.json", newmedia / "weibo/weibo_err_profile.json")  # the real ok: 0 answer
    result = run(lambda c: collect_weibo(account(UID), c, bj(2025, 7, 10), WeiboOptions(endpoints=endpoints(server.url))))
    assert result.ok and [p.post_id for p in result.posts] == ["2", "1"] and result.complete_since is None
    assert server.sample.hits[f"/weibo/107603{UID}/2.json"] == 1 and result.notes == ()


def test_real_error_profile_is_not_found(newmedia: Path, web_root: Path, server: ServerThread) -> None:
    put(web_root, f"weibo/100505{UID}/1.json", newmedia / "weibo/weibo_err_profile.json")
    result = run(lambda c: collect_weibo(account(UID), c, bj(2021, 7, 1), WeiboOptions(endpoints=endpoints(server.url))))
    assert not result.ok and result.error_kind is CollectErrorKind.NOT_FOUND and "这里还没有内容" in result.error_message


def test_pinned_post_and_relative_times(web_root: Path, server: ServerThread) -> None:
    now = bj(2025, 7, 10, 10, 0)
    put(web_root, f"weibo/100505{UID}/1.json", profile(UID, 120))
    put(web_root, f"weibo/107603{UID}/1.json", timeline([
        mblog("900", "2024-12-01", "置顶：办事指南合集", top=True),
        mblog("905", "刚刚", "今日天气"),
        mblog("904", "5分钟前", "交通提示"),
        mblog("903", "3小时前", "政策解读"),
        mblog("902", "昨天 12:00", "<a href='https://www.example.gov.cn/a.html'>通知</a>", comments=3),
        mblog("901", "06-20", "六月下旬的信息"),
        mblog("899", "05-01", "五月初的信息"),
    ], UID))
    put(web_root, f"weibo/107603{UID}/2.json", timeline([mblog("800", "04-01", "四月")], UID))
    result = run(lambda c: collect_weibo(account(UID), c, now, WeiboOptions(endpoints=endpoints(server.url))))
    assert result.ok, result.error_message
    times = {p.post_id: p.published_at for p in result.posts}
    assert times == {"905": now, "904": bj(2025, 7, 10, 9, 55), "903": bj(2025, 7, 10, 7, 0),
                     "902": bj(2025, 7, 9, 12, 0), "901": bj(2025, 6, 20), "899": bj(2025, 5, 1),
                     "900": bj(2024, 12, 1)}
    assert result.latest is not None and result.latest.post_id == "905"
    assert [p.post_id for p in result.posts if p.pinned] == ["900"]
    # The pinned 2024 post stands first but does not end paging; 05-01 does (cut-off 35 days).
    assert result.complete_since == bj(2025, 6, 5, 10, 0)
    assert server.sample.hits[f"/weibo/107603{UID}/2.json"] == 0
    assert next(p for p in result.posts if p.post_id == "902").links == ("https://www.example.gov.cn/a.html",)


@pytest.mark.parametrize(("answer", "kind"), [
    ({"ok": 1, "data": {"cardlistInfo": {}, "items": []}}, CollectErrorKind.FORMAT_CHANGED),  # cards renamed
    ({"ok": 1, "data": {"cards": [{"card_type": 9, "mblog": {"id": "1", "text": "x"}}]}},
     CollectErrorKind.FORMAT_CHANGED),  # created_at gone
    ({"ok": 1, "data": {"cards": [mblog("1", "三天以前", "x")]}}, CollectErrorKind.FORMAT_CHANGED),
    ({"ok": -100, "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo"}, CollectErrorKind.CREDENTIALS),
    (END_OF_TIMELINE, CollectErrorKind.FORMAT_CHANGED),  # empty timeline while the profile counts 120 posts
    ("<html><body>请登录后查看</body></html>", CollectErrorKind.CREDENTIALS),
])
def test_timeline_failures(web_root: Path, server: ServerThread, answer: object, kind: CollectErrorKind) -> None:
    put(web_root, f"weibo/100505{UID}/1.json", profile(UID, 120))
    put(web_root, f"weibo/107603{UID}/1.json", answer)
    result = run(lambda c: collect_weibo(account(UID), c, bj(2025, 7, 10), WeiboOptions(endpoints=endpoints(server.url))))
    assert not result.ok and result.error_kind is kind and result.posts == ()


def test_changed_profile_shape_and_418(web_root: Path, server: ServerThread) -> None:
    put(web_root, f"weibo/100505{UID}/1.json", {"ok": 1, "data": {"user": {"id": UID}}})
    options = WeiboOptions(endpoints=endpoints(server.url))
    result = run(lambda c: collect_weibo(account(UID), c, bj(2025, 7, 10), options))
    assert not result.ok and result.error_kind is CollectErrorKind.FORMAT_CHANGED
    teapot = WeiboOptions(endpoints=WeiboEndpoints(profile=server.url + "/status/418"))
    result = run(lambda c: collect_weibo(account(UID), c, bj(2025, 7, 10), teapot))
    assert not result.ok and result.error_kind is CollectErrorKind.ANTI_CRAWLER and "418" in result.error_message


def test_later_page_failure_keeps_the_newest_posts(web_root: Path, server: ServerThread) -> None:
    put(web_root, f"weibo/100505{UID}/1.json", profile(UID, 120))
    put(web_root, f"weibo/107603{UID}/1.json", timeline([mblog("2", "昨天 09:00", "新"), mblog("1", "07-01", "旧")], UID))
    put(web_root, f"weibo/107603{UID}/2.json", {"ok": 1, "data": {"renamed": []}})
    result = run(lambda c: collect_weibo(account(UID), c, bj(2025, 7, 10), WeiboOptions(endpoints=endpoints(server.url))))
    assert result.ok and [p.post_id for p in result.posts] == ["2", "1"]
    assert result.complete_since == bj(2025, 7, 1) and any("第 2 页采集失败" in n for n in result.notes)


def test_no_uid_is_unsupported() -> None:
    result = run(lambda c: collect_weibo(AccountSpec(Platform.WEIBO, "无uid"), c, bj(2025, 7, 10)))
    assert not result.ok and result.error_kind is CollectErrorKind.UNSUPPORTED


NOW = bj(2026, 7, 16, 18, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ("刚刚", NOW),
    ("30秒前", bj(2026, 7, 16, 17, 59, 30)),
    ("5分钟前", bj(2026, 7, 16, 17, 55)),
    ("3小时前", bj(2026, 7, 16, 15, 0)),
    ("今天 08:05", bj(2026, 7, 16, 8, 5)),
    ("昨天 12:00", bj(2026, 7, 15, 12, 0)),
    ("昨天  23:59", bj(2026, 7, 15, 23, 59)),
    ("06-27", bj(2026, 6, 27)),
    ("12-31", bj(2025, 12, 31)),  # a month-day after today is last year's
    ("2025-06-27", bj(2025, 6, 27)),
    ("Thu Jul 16 16:31:14 +0800 2026", bj(2026, 7, 16, 16, 31, 14)),
    ("Thu Jul 16 08:31:14 +0000 2026", bj(2026, 7, 16, 16, 31, 14)),
])
def test_weibo_times(text: str, expected: object) -> None:
    assert parse_weibo_time(text, NOW) == expected


def test_weibo_time_is_relative_to_now_in_beijing() -> None:
    from datetime import UTC, datetime

    late_utc = datetime(2026, 7, 16, 17, 0, tzinfo=UTC)  # already 07-17 01:00 in Beijing
    assert parse_weibo_time("昨天 12:00", late_utc) == bj(2026, 7, 16, 12, 0)
    with pytest.raises(ValueError):
        parse_weibo_time("上周四", NOW)
    with pytest.raises(ValueError):
        parse_weibo_time("刚刚", datetime(2026, 7, 16))  # a naive now
