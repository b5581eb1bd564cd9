"""Pure parts of the crawl engine: URL normalisation, link kinds, extraction, trap guard, encodings,
verdicts, Retry-After, --resolve parsing, error kinds and the per-host gate."""

from __future__ import annotations

import asyncio
import codecs
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import pytest
from selectolax.lexbor import LexborHTMLParser

from govwatch.core import Fetch, FetchError, LinkKind, LinkVerdict, UsageError
from govwatch.crawl.encoding import codec_for, decode_html
from govwatch.crawl.fetcher import classify_error, parse_retry_after
from govwatch.crawl.links import LinkExtractor
from govwatch.crawl.politeness import HostGate, Outcome
from govwatch.crawl.resolver import PinnedResolver, parse_resolve
from govwatch.crawl.traps import TrapGuard, path_pattern
from govwatch.crawl.urls import InvalidURL, Scope, classify, normalize_url
from govwatch.crawl.verdict import looks_like_waf, verdict_of


@pytest.mark.parametrize(("href", "base", "expected"), [
    ("HTTP://WWW.Example.GOV.cn:80/a/../b/c?z=1&a=2#frag", None, "http://www.example.gov.cn/b/c?a=2&z=1"),
    ("https://x.gov.cn:443/%e4%b8%ad", None, "https://x.gov.cn/%E4%B8%AD"),
    ("http://x.gov.cn/中文/a b", None, "http://x.gov.cn/%E4%B8%AD%E6%96%87/a%20b"),
    ("http://x.gov.cn", None, "http://x.gov.cn/"),
    ("http://x.gov.cn?b=2&a", None, "http://x.gov.cn/?a&b=2"),
    ("http://x.gov.cn/%7Euser", None, "http://x.gov.cn/~user"),
    ("http://政府.中国/a", None, "http://xn--mxtq1m.xn--fiqs8s/a"),
    ("http://x.gov.cn:8080/A", None, "http://x.gov.cn:8080/A"),
    ("../c/d.html?x=1#p", "http://x.gov.cn/a/b/e.html", "http://x.gov.cn/a/c/d.html?x=1"),
    ("?page=2", "http://x.gov.cn/list.html?page=1", "http://x.gov.cn/list.html?page=2"),
    ("//cdn.x.gov.cn/a.js", "https://x.gov.cn/", "https://cdn.x.gov.cn/a.js"),
    ("  /a\n/b ", "http://x.gov.cn/", "http://x.gov.cn/a/b"),
    ("#top", "http://x.gov.cn/", None), ("", "http://x.gov.cn/", None),
    ("mailto:a@x.gov.cn", None, None), ("JavaScript:void(0)", None, None), ("tel:12345", None, None),
    ("ftp://x.gov.cn/f", None, None), ("data:image/png;base64,AA", None, None),
])
def test_normalize_url(href: str, base: str | None, expected: str | None) -> None:
    assert normalize_url(href, base) == expected


@pytest.mark.parametrize("href", ["http://[bad/", "http://exa mple.gov.cn/", "http://:80/x", "a.html",
                                  "http://x.gov.cn:99999/"])
def test_normalize_url_rejects_malformed(href: str) -> None:
    with pytest.raises(InvalidURL):
        normalize_url(href)


def test_same_resource_spelled_differently_is_one_key() -> None:
    spellings = ["http://X.gov.cn:80/a/./b.html?y=2&x=1#s", "http://x.gov.cn/a/b.html?x=1&y=2",
                 "http://x.gov.cn/a/c/../b.html?x=1&y=2"]
    assert len({normalize_url(s) for s in spellings}) == 1


def test_scope_and_classify() -> None:
    scope = Scope(["www.example.gov.cn", "Data.Example.gov.cn:8080"])
    assert "http://www.example.gov.cn:81/x" in scope and "http://data.example.gov.cn/" in scope
    assert "http://example.gov.cn/" not in scope
    assert classify("http://a/x.PDF", LinkKind.PAGE, True) is LinkKind.ATTACHMENT
    assert classify("http://a/x.wps", LinkKind.PAGE, True) is LinkKind.ATTACHMENT
    assert classify("http://a/x.jpg", LinkKind.PAGE, True) is LinkKind.IMAGE
    assert classify("http://a/x.html", LinkKind.PAGE, True) is LinkKind.PAGE
    assert classify("http://a/x.html", LinkKind.PAGE, False) is LinkKind.EXTERNAL
    assert classify("http://a/x.png", LinkKind.SCRIPT, True) is LinkKind.SCRIPT


def test_extract_links() -> None:
    doc = LexborHTMLParser(
        '<html><head><base href="/sub/"><link rel="stylesheet" href="s.css"><link rel="icon" href="i.ico">'
        '<script src="a.js"></script></head><body><a href="p.html">  新闻\n <b>动态</b> </a>'
        '<a href="p.html#x">重复</a><a href="mailto:a@b">信</a><a href="javascript:;">空</a>'
        '<a href="/x.html"><img src="/i.png" alt="图片链接"></a><img src="/logo.png" alt="标志">'
        '<iframe src="/frame.html"></iframe><area href="/map.html"><a href="http://[bad/">坏</a></body></html>')
    links = LinkExtractor().extract(doc, "http://x.gov.cn/a/index.html")
    got = [(link.url.removeprefix("http://x.gov.cn"), link.text, link.tag_kind, link.invalid) for link in links]
    assert got == [
        ("/sub/s.css", "", LinkKind.STYLE, False), ("/sub/a.js", "", LinkKind.SCRIPT, False),
        ("/sub/p.html", "新闻 动态", LinkKind.PAGE, False), ("/x.html", "图片链接", LinkKind.PAGE, False),
        ("/i.png", "图片链接", LinkKind.IMAGE, False), ("/logo.png", "标志", LinkKind.IMAGE, False),
        ("/frame.html", "", LinkKind.FRAME, False), ("/map.html", "", LinkKind.PAGE, False),
        ("http://[bad/", "坏", LinkKind.PAGE, True),
    ]


def test_extract_cache_respects_relative_bases() -> None:
    extractor = LinkExtractor()
    doc = '<a href="b.html">b</a><a href="/c.html">c</a><a href="?p=2">p</a>'
    first = [link.url for link in extractor.extract(LexborHTMLParser(doc), "http://x.gov.cn/one/a.html?p=1")]
    second = [link.url for link in extractor.extract(LexborHTMLParser(doc), "http://x.gov.cn/two/a.html")]
    assert first == ["http://x.gov.cn/one/b.html", "http://x.gov.cn/c.html", "http://x.gov.cn/one/a.html?p=2"]
    assert second == ["http://x.gov.cn/two/b.html", "http://x.gov.cn/c.html", "http://x.gov.cn/two/a.html?p=2"]


def test_trap_guard_caps_chains_and_query_variants_not_big_columns() -> None:
    guard = TrapGuard(limit=3)
    assert path_pattern("http://a/trap/17?x=1") == "a/trap/#"
    chain = [guard.admit(f"http://a/trap/{n + 1}", f"http://a/trap/{n}" if n else "http://a/") for n in range(5)]
    assert chain == [True, True, True, True, False]  # /trap/1 came from the homepage; 3 more in a row
    variants = [guard.admit(f"http://a/cal.html?d={d}", "http://a/") for d in range(5)]
    assert variants == [True, True, True, False, False]
    # 100 articles of one pattern found on a list page are a column, not a trap
    assert all(guard.admit(f"http://a/art/2024/{n}.html", "http://a/list.html") for n in range(100))
    assert not guard.admit("http://a/x/y/x/y/x/y/x/y/", "http://a/")
    assert guard.total_skipped == 4 and guard.skipped["a/trap/#"] == 1


def test_decode_html_encodings() -> None:
    text = "<html><p>朱镕基同志在政府工作报告中指出，要加快发展。</p></html>" * 3
    gbk = text.encode("gb18030")
    assert decode_html(gbk, "GB2312") == (text, "gb18030")
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">' + gbk
    assert decode_html(meta, None)[1] == "gb18030" and "朱镕基" in decode_html(meta, None)[0]
    assert decode_html(b"<meta charset='gb2312'>" + gbk, None)[1] == "gb18030"
    sniffed, codec = decode_html(gbk, None)  # no label at all: byte sniffing
    assert codec == "gb18030" and "朱镕基" in sniffed
    assert decode_html(text.encode(), None) == (text, "utf-8")
    assert decode_html(codecs.BOM_UTF8 + text.encode(), "gbk") == (text, "utf-8-sig")
    broken, codec = decode_html("政府".encode() + b"\xff\xfe\xfa" + "网站".encode(), "utf-8")
    assert codec == "utf-8" and broken.startswith("政府") and broken.endswith("网站") and "\ufffd" in broken
    assert decode_html(b"abc", "no-such-charset")[0] == "abc"
    assert codec_for("x-gbk") == codec_for("CP936") == "gb18030" and codec_for("latin1") == "cp1252"


def _fetch(status: int | None = 200, error: FetchError | None = None) -> Fetch:
    return Fetch("http://a/", "http://a/", status, 0.1, 0, "text/html", datetime.now(UTC), error=error)


@pytest.mark.parametrize(("status", "error", "verdict"), [
    (200, None, LinkVerdict.OK), (204, None, LinkVerdict.OK), (404, None, LinkVerdict.DEAD),
    (410, None, LinkVerdict.DEAD), (401, None, LinkVerdict.BLOCKED), (403, None, LinkVerdict.BLOCKED),
    (412, None, LinkVerdict.BLOCKED), (429, None, LinkVerdict.BLOCKED), (500, None, LinkVerdict.ERROR),
    (503, None, LinkVerdict.ERROR), (302, None, LinkVerdict.ERROR),
    (None, FetchError.DNS, LinkVerdict.DEAD), (None, FetchError.CONNECT, LinkVerdict.DEAD),
    (None, FetchError.DNS_TEMPORARY, LinkVerdict.ERROR), (None, FetchError.TLS, LinkVerdict.ERROR),
    (None, FetchError.TIMEOUT, LinkVerdict.TIMEOUT), (None, FetchError.RESET, LinkVerdict.ERROR),
    (302, FetchError.REDIRECT_LOOP, LinkVerdict.ERROR), (200, FetchError.TOO_LARGE, LinkVerdict.ERROR),
    (None, FetchError.INVALID_URL, LinkVerdict.DEAD),
])
def test_verdict_table(status: int | None, error: FetchError | None, verdict: LinkVerdict) -> None:
    assert verdict_of(_fetch(status, error)) is verdict


def test_waf_pages() -> None:
    assert verdict_of(_fetch(), "<title>安全验证</title>请完成验证") is LinkVerdict.BLOCKED
    assert verdict_of(_fetch(), "<h1>Access Denied</h1>") is LinkVerdict.BLOCKED
    assert verdict_of(_fetch(), '<div id="cf-challenge-running">Just a moment...</div>') is LinkVerdict.BLOCKED
    assert not looks_like_waf("<form>用户名 密码 验证码</form>")  # a login form is not a WAF page
    assert not looks_like_waf("安全验证" + "正文" * 20_000)  # a long real page that mentions it


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    soon = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= (parse_retry_after(format_datetime(soon, usegmt=True)) or 0) <= 30
    assert parse_retry_after(format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_parse_resolve() -> None:
    assert parse_resolve("www.example.gov.cn:8080:127.0.0.1") == (("www.example.gov.cn", 8080), "127.0.0.1")
    assert parse_resolve("a.gov.cn:443:[::1]") == (("a.gov.cn", 443), "::1")
    for bad in ("www.example.gov.cn:127.0.0.1", "host:port:1.2.3.4", ":80:1.2.3.4"):
        with pytest.raises(UsageError):
            parse_resolve(bad)
    with pytest.raises(UsageError):
        PinnedResolver({("a.gov.cn", 80): "not-an-ip"})


async def test_pinned_resolver() -> None:
    resolver = PinnedResolver({("www.example.gov.cn", 8080): "127.0.0.1"})
    pinned = await resolver.resolve("WWW.example.gov.cn", 8080)
    assert [(r["host"], r["port"], r["hostname"]) for r in pinned] == [("127.0.0.1", 8080, "WWW.example.gov.cn")]
    other = await resolver.resolve("localhost", 80)  # not pinned: the normal resolver answers
    assert other and other[0]["host"] in ("127.0.0.1", "::1")
    with pytest.raises(OSError):
        await resolver.resolve("www.example.gov.cn", 80)  # pinned for 8080 only; the name does not resolve
    await resolver.close()


def test_classify_error_kinds() -> None:
    key = aiohttp.client_reqrep.ConnectionKey("a", 80, False, True, None, None, None)
    nxdomain = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    again = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    assert classify_error(aiohttp.ClientConnectorDNSError(key, nxdomain)) is FetchError.DNS
    assert classify_error(aiohttp.ClientConnectorDNSError(key, again)) is FetchError.DNS_TEMPORARY
    assert classify_error(aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))) is FetchError.CONNECT
    assert classify_error(TimeoutError()) is FetchError.TIMEOUT
    assert classify_error(aiohttp.ServerDisconnectedError()) is FetchError.RESET
    assert classify_error(aiohttp.ClientConnectorSSLError(key, OSError("bad cert"))) is FetchError.TLS
    assert classify_error(RuntimeError("?")) is FetchError.OTHER


async def test_host_gate_aimd_and_delay() -> None:
    gate = HostGate(max_limit=8)
    await gate.acquire()
    gate.release(Outcome.OVERLOAD, 0.01)
    assert gate.limit == 4  # halved on 429/503/timeout
    await gate.acquire()
    gate.release(Outcome.OVERLOAD, 0.01)
    assert gate.limit == 4  # one cut per cooldown: a burst of failures counts once
    for _ in range(40):
        await gate.acquire()
        gate.release(Outcome.SUCCESS, 0.01)
    assert gate.limit == 8  # grown back on fast successes, never above the maximum

    slowing = HostGate(max_limit=8)
    for seconds in (0.01, 0.01, 0.01, 1.0):
        await slowing.acquire()
        slowing.release(Outcome.SUCCESS, seconds)
    assert slowing.limit == 6  # ×¾ when an answer takes far longer than the host's usual latency

    paced = HostGate(max_limit=4, min_delay=0.05)
    loop = asyncio.get_running_loop()
    starts = []
    for _ in range(4):
        await paced.acquire()
        starts.append(loop.time())
        paced.release(Outcome.SUCCESS, 0.0)
    assert all(b - a >= 0.045 for a, b in zip(starts, starts[1:], strict=False))


async def test_host_gate_limits_concurrency_and_pause() -> None:
    gate = HostGate(max_limit=2)
    running = peak = 0

    async def one() -> None:
        nonlocal running, peak
        await gate.acquire()
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        gate.release(Outcome.SUCCESS, 0.01)

    await asyncio.gather(*(one() for _ in range(10)))
    assert peak == 2
    loop = asyncio.get_running_loop()
    gate.pause(0.2)
    started = loop.time()
    await gate.acquire()
    assert loop.time() - started >= 0.19  # Retry-After holds every request to the host
    gate.release(Outcome.SUCCESS, 0.0)
