"""Helpers for the collector tests: lay real samples and project-written fixtures out in a temporary
web root, serve it on 127.0.0.1 (govwatch.sample.server), and run a collector against it."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from govwatch.core.clock import CHINA_TZ
from govwatch.sources import CollectorSettings, HttpClient, WeiboEndpoints

T = TypeVar("T")
FAST = CollectorSettings(interval=0.0, host_intervals={}, retries=1, backoff=0.05, timeout=5.0)


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A Beijing-time datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)


def put(root: Path, rel: str, content: str | bytes | Path | Mapping[str, Any]) -> None:
    """Write ``content`` (text, bytes, a file to copy, or a JSON object) at ``root/rel``."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        shutil.copyfile(content, path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def endpoints(base: str) -> WeiboEndpoints:
    """The Weibo API laid out as files: /weibo/<containerid>/<page>.json, /weibo/weibo_detail_<id>."""
    return WeiboEndpoints(profile=base + "/weibo/100505{uid}/1.json",
                          timeline=base + "/weibo/{containerid}/{page}.json",
                          long_text=base + "/weibo/weibo_detail_{id}")


def run(job: Callable[[HttpClient], Awaitable[T]], settings: CollectorSettings = FAST) -> T:
    """Run ``job(client)`` in a fresh event loop with a collector HTTP client."""

    async def main() -> T:
        async with HttpClient(settings) as client:
            return await job(client)

    return asyncio.run(main())


def mblog(post_id: str, created_at: str, text: str, *, top: bool = False, comments: int = 0) -> dict[str, Any]:
    """A timeline card as m.weibo.cn sends it (only the fields the collector reads, plus some noise)."""
    blog: dict[str, Any] = {"id": post_id, "mid": post_id, "created_at": created_at, "text": text,
                            "source": "微博 weibo.com", "comments_count": comments, "reposts_count": 0,
                            "isLongText": False}
    if top:
        blog["isTop"] = 1
        blog["title"] = {"text": "置顶", "base_color": 1}
    return {"card_type": 9, "itemid": f"107603_-_{post_id}", "mblog": blog}


def profile(uid: str, statuses: int) -> dict[str, Any]:
    """A profile answer: userInfo + the tabs that name the timeline container."""
    return {"ok": 1, "data": {"userInfo": {"id": int(uid), "screen_name": "示例市发布", "statuses_count": statuses},
                              "tabsInfo": {"tabs": [{"tabKey": "profile", "containerid": f"230283{uid}"},
                                                    {"tabKey": "weibo", "containerid": f"107603{uid}"}]}}}


def timeline(cards: list[dict[str, Any]], uid: str) -> dict[str, Any]:
    """A timeline page answer."""
    return {"ok": 1, "data": {"cardlistInfo": {"containerid": f"107603{uid}", "page": 2}, "cards": cards}}


END_OF_TIMELINE = {"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}
