"""security.cloaking: a homepage that serves Baiduspider extra gambling links and words, over real HTTP
on 127.0.0.1 (a small server that answers by User-Agent, as planted SEO code does); none when the
page is the same for everyone or differs only in ordinary ways."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from aiohttp import web
from seckit import HOST, context

from govwatch.checks import security_cloaking
from govwatch.core.models import Finding
from govwatch.crawl.transport import probe_transport

PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>示例县人民政府</title></head><body>"
        "<a href='/news.html'>政务动态</a><a href='http://www.gov.cn/'>中国政府网</a>{extra}</body></html>")


class CloakingServer:
    """Answers ``/`` (cloaked: spam for spiders) and ``/plain`` (the same for all, but a changing token)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self.hits = 0
        self.runner: web.AppRunner | None = None

    async def home(self, request: web.Request) -> web.Response:
        spider = "spider" in request.headers.get("User-Agent", "").lower()
        extra = ("<div style='display:none'><a href='http://www.xpj-bet.example/'>澳门新葡京 注册送彩金</a></div>"
                 if spider else "")
        return web.Response(text=PAGE.format(extra=extra), content_type="text/html")

    async def plain(self, request: web.Request) -> web.Response:
        self.hits += 1
        return web.Response(text=PAGE.format(extra=f"<p>访问量：{self.hits}</p><a href='/news.html?t={self.hits}'>今日</a>"),
                            content_type="text/html")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self.home)
        app.router.add_get("/plain", self.plain)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def cloaker() -> Iterator[CloakingServer]:
    srv = CloakingServer()
    thread = threading.Thread(target=srv.loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(srv.start(), srv.loop).result(10)
    yield srv
    assert srv.runner is not None
    asyncio.run_coroutine_threadsafe(srv.runner.cleanup(), srv.loop).result(10)
    srv.loop.call_soon_threadsafe(srv.loop.stop)
    thread.join(10)


def findings(port: int, path: str) -> list[Finding]:
    facts = asyncio.run(probe_transport(f"http://{HOST}:{port}{path}", resolve={(HOST, port): "127.0.0.1"}, timeout=5))
    ctx = replace(context(port, []), transport=facts)
    return list(security_cloaking.run(ctx, security_cloaking.Params()))


def test_cloaked_gambling_links_are_found(cloaker: CloakingServer) -> None:
    (finding,) = findings(cloaker.port, "/")
    assert finding.code == "security.cloaking"
    assert finding.evidence["links"] == [{"url": "http://www.xpj-bet.example/", "text": "澳门新葡京 注册送彩金"}]
    assert {w["word"] for w in finding.evidence["words"]} >= {"新葡京", "彩金"}
    assert "Baiduspider" in finding.evidence["spider_agent"] and "Baiduspider" in finding.message


def test_ordinary_differences_are_not_cloaking(cloaker: CloakingServer) -> None:
    assert findings(cloaker.port, "/plain") == []  # a counter and a same-site link differ: not suspicious
