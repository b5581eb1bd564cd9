"""The crawl of one site: frontier, workers, pages and link verdicts (issue #2 §2–3).

The homepage is fetched first (depth 0); if it redirects to another host that host joins the scope. A
homepage that only forwards the browser (meta refresh, or a stub page running ``location.href = …``) is
kept as a page, and its target becomes the homepage (depth 0, is_home), up to 3 such hops.
Then declared columns are seeded and workers drain the frontier: in-scope pages are fetched with GET and
parsed, everything else referenced (images, CSS/JS, attachments, external links, pages past the depth
or page limit) is checked once with HEAD/GET. Every URL gets one :class:`LinkCheck` with all referrers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import aiohttp
from selectolax.lexbor import LexborHTMLParser

from govwatch.core.clock import utcnow
from govwatch.core.crawl_result import CrawlResult, CrawlStats
from govwatch.core.models import Fetch, FetchError, Link, LinkCheck, LinkKind, LinkVerdict, Page, SiteSpec
from govwatch.crawl.encoding import decode_html
from govwatch.crawl.fetcher import Fetcher, FetchResult, is_html_type, sample_text
from govwatch.crawl.frontier import Frontier, Lane, Task
from govwatch.crawl.links import LinkExtractor, RawLink
from govwatch.crawl.options import CrawlOptions, CrawlProgress
from govwatch.crawl.politeness import Politeness
from govwatch.crawl.resolver import PinnedResolver
from govwatch.crawl.robots import RobotsRules
from govwatch.crawl.traps import TrapGuard
from govwatch.crawl.urls import (
    InvalidURL,
    Scope,
    classify,
    host_of,
    is_parsable_kind,
    normalize_url,
    origin_of,
)
from govwatch.crawl.verdict import verdict_of

ProgressCallback = Callable[[CrawlProgress], None]
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_MAX_EXTERNAL_WORKERS = 16
_WAF_MAX_LINKS = 10  # pages with more links are never taken for a WAF/captcha page
_MAX_HOME_HOPS = 3  # client-side redirects followed from the homepage


@dataclass
class _Record:
    """What is known of one URL while crawling; becomes a LinkCheck once ``fetch`` is set."""

    kind: LinkKind
    referrers: list[tuple[str, str]] = field(default_factory=list)
    on_home: bool = False
    fetch: Fetch | None = None
    verdict: LinkVerdict = LinkVerdict.OK


class Crawl:
    """State of one crawl. Use :meth:`run` once."""

    def __init__(self, site: SiteSpec, options: CrawlOptions, progress: ProgressCallback | None) -> None:
        self.site, self.options, self.progress = site, options, progress
        self.home_url = normalize_url(site.home_url) or site.home_url
        self.scope = Scope([host_of(self.home_url), *site.extra_hosts])
        self.frontier = Frontier()
        self.trap = TrapGuard(options.trap_limit)
        self.extractor = LinkExtractor()
        self.politeness = Politeness(options.concurrency, options.min_delay)
        self.records: dict[str, _Record] = {}
        self.dropped: set[str] = set()  # robots-disallowed or trap-refused: never fetched
        self.seed_urls: set[str] = set()  # declared columns: parsed by their seed task only
        self.pages: list[Page] = []
        self.notes: list[str] = []
        self.pages_started = 0
        self.checked = 0
        self.robots_disallowed = 0
        self.depth_limited = 0
        self.limit_reached = False
        self.home_final = self.home_url
        self.home_redirect: str | None = None  # client-side redirect target of the page fetched as home
        self.fetcher: Fetcher
        self.robots: RobotsRules

    async def run(self) -> CrawlResult:
        """Crawl the site and return everything found. Network failures become data; never raises them."""
        started_at, started = utcnow(), time.perf_counter()
        async with self._session() as session:
            self.fetcher = Fetcher(session, self.politeness, self.options.fetch_settings())
            self.robots = RobotsRules(self.fetcher, self.politeness, self.options.user_agent,
                                      self.site.ignore_robots)
            await self._seed_and_drain()
        return self._result(started_at, time.perf_counter() - started)

    def _session(self) -> aiohttp.ClientSession:
        opts = self.options
        resolver = PinnedResolver(opts.resolve) if opts.resolve else None
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=opts.concurrency, resolver=resolver,
                                         ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=opts.total_timeout, connect=opts.connect_timeout,
                                        sock_read=opts.read_timeout)
        headers = {"User-Agent": opts.user_agent, "Accept": _ACCEPT, "Accept-Language": "zh-CN,zh;q=0.9"}
        return aiohttp.ClientSession(connector=connector, timeout=timeout, headers=headers,
                                     cookie_jar=aiohttp.CookieJar(unsafe=True), trust_env=False,
                                     max_field_size=65536, max_line_size=65536)

    async def _seed_and_drain(self) -> None:
        home = Task(self.home_url, LinkKind.PAGE, 0, parse=True, seed=True, home=True)
        self.records[self.home_url] = _Record(LinkKind.PAGE)
        self.frontier.push(Lane.SITE, home)
        await self._run_one(await self._pop_now(Lane.SITE))
        await self._follow_home_redirects()
        for column in self.site.columns:
            self._seed_column(column.url)
        site_workers = self.options.concurrency * max(1, len(self.scope.hosts))
        external_workers = min(_MAX_EXTERNAL_WORKERS, max(4, self.options.concurrency))
        workers = [self._worker(Lane.SITE) for _ in range(site_workers)]
        workers += [self._worker(Lane.EXTERNAL) for _ in range(external_workers)]
        await asyncio.gather(*workers)

    async def _follow_home_redirects(self) -> None:
        """While the homepage is a client-side redirect stub, make its target the homepage: the stub stays
        a page (no longer is_home) and the target is fetched now at depth 0 with ``home``."""
        visited = {self.home_url}
        for _ in range(_MAX_HOME_HOPS):
            target, self.home_redirect = self.home_redirect, None
            if target is None or target in visited:
                return
            visited.add(target)
            stub = next((i for i, p in enumerate(self.pages) if p.is_home), None)
            if stub is not None:
                self.pages[stub] = replace(self.pages[stub], is_home=False)
                self.notes.append(f"首页 {self.pages[stub].url} 是自动跳转页（meta refresh 或脚本跳转），"
                                  f"已将跳转目标 {target} 作为首页监测。")
            self.records.setdefault(target, _Record(LinkKind.PAGE))
            self.frontier.unfinished += 1  # run now, outside the queue: _run_one marks it done
            await self._run_one(Task(target, LinkKind.PAGE, 0, parse=True, seed=True, home=True))

    async def _pop_now(self, lane: Lane) -> Task:
        task = await self.frontier.pop(lane)
        assert task is not None  # just pushed
        return task

    def _seed_column(self, raw_url: str) -> None:
        try:
            url = normalize_url(raw_url)
        except InvalidURL:
            self.notes.append(f"登记的栏目网址无效，未抓取：{raw_url}")
            return
        if url is None:
            return
        record = self.records.get(url)
        if (record is not None and record.fetch is not None) or url in self.seed_urls:
            return  # the homepage itself, or declared twice
        if record is None:
            self.records[url] = _Record(LinkKind.PAGE)
        self.seed_urls.add(url)
        self.dropped.discard(url)
        self.frontier.push(Lane.SITE, Task(url, LinkKind.PAGE, 1, parse=True, seed=True))

    async def _worker(self, lane: Lane) -> None:
        while (task := await self.frontier.pop(lane)) is not None:
            await self._run_one(task)

    async def _run_one(self, task: Task) -> None:
        try:
            record = self.records.get(task.url)
            if (record is not None and record.fetch is not None) or (
                    not task.seed and task.url in self.seed_urls):
                return  # done already, or a declared column reached through a link: its seed task runs it
            await (self._page(task) if task.parse else self._check(task))
        except Exception as exc:  # a bug on one odd page must not lose the whole scan; keep it visible
            self.notes.append(f"处理 {task.url} 时出现内部错误：{type(exc).__name__}: {exc}")
            self._finish(task.url, _unfetched(task.url, FetchError.OTHER, repr(exc)[:300]), LinkVerdict.ERROR)
        finally:
            self.frontier.done()
        if self.progress is not None:
            self.progress(CrawlProgress(len(self.pages), self.checked, self.frontier.queued, task.url))

    async def _robots_allow(self, task: Task) -> bool:
        if await self.robots.allowed(task.url):
            return True
        self.robots_disallowed += 1
        self.records.pop(task.url, None)
        self.dropped.add(task.url)
        if task.seed:  # the homepage or a declared column: keep a trace the checks can see
            self.pages.append(Page(task.url, _unfetched(task.url, FetchError.BLOCKED, "robots.txt"), "", "",
                                   task.depth, is_home=task.home))
        return False

    async def _page(self, task: Task) -> None:
        if not task.seed and self.pages_started >= self.options.max_pages:
            self.limit_reached = True
            await self._check(replace(task, parse=False))
            return
        if task.url in self.scope and not await self._robots_allow(task):
            return
        self.pages_started += 1
        any_host = task.seed  # the homepage and declared columns are parsed wherever they redirect

        def wants_body(final_url: str, content_type: str) -> bool:
            return is_html_type(content_type) and (any_host or final_url in self.scope)

        result = await self.fetcher.get(task.url, wants_body)
        if task.home:
            self._adopt_home(result.fetch)
        if not self._claim_final(task, result.fetch) or not self._store_page(task, result):
            self.pages_started -= 1

    def _adopt_home(self, fetch: Fetch) -> None:
        self.home_final = fetch.final_url
        final_host = host_of(fetch.final_url)
        if fetch.ok and final_host not in self.scope.hosts:
            self.scope.add(final_host)
            self.notes.append(f"首页跳转至 {fetch.final_url}，已将主机 {final_host} 纳入抓取范围。")

    def _claim_final(self, task: Task, fetch: Fetch) -> bool:
        """After a redirect, make the final URL known so it is not fetched again; False if it already was
        (then this page is a duplicate and only its link check is kept)."""
        final = fetch.final_url
        if final == task.url or fetch.error is not None:
            return True
        if final in self.records or final in self.dropped:
            self._finish(task.url, fetch, verdict_of(fetch))
            return False
        alias = _Record(task.kind, fetch=replace(fetch, url=final, redirects=()), verdict=verdict_of(fetch))
        self.records[final] = alias
        self.checked += 1
        return True

    def _store_page(self, task: Task, result: FetchResult) -> bool:
        """Record the page (parsed, or failed with html='') and its verdict; False if it is no page."""
        fetch = result.fetch
        if result.body is None:
            sample = sample_text(result)
            self._finish(task.url, fetch, verdict_of(fetch, sample))
            if fetch.ok and not task.home:  # not HTML, or redirected off the site: checked, not parsed
                if not is_html_type(fetch.content_type):
                    self.records[task.url].kind = LinkKind.ATTACHMENT
                return False
            self.pages.append(Page(task.url, fetch, "", "", task.depth, is_home=task.home))
            return True
        html, codec = decode_html(result.body, result.charset)
        links = self._parse(html, fetch.final_url, task)
        # A WAF/captcha interstitial has next to no links; skip the marker scan on real pages.
        self._finish(task.url, fetch, verdict_of(fetch, html if len(links) <= _WAF_MAX_LINKS else ""))
        self.pages.append(Page(task.url, fetch, html, codec, task.depth, links, is_home=task.home))
        return True

    def _parse(self, html: str, page_url: str, task: Task) -> tuple[Link, ...]:
        tree = LexborHTMLParser(html)
        raw_links = self.extractor.extract(tree, page_url)
        if task.home:
            self.home_redirect = self.extractor.client_redirect(tree, page_url)
        source = self.extractor.intern(page_url)
        for raw in raw_links:
            self._discover(raw, source, task.depth + 1, task.home)
        return tuple(Link(r.url, source, r.text, self._kind_of(r)) for r in raw_links)

    def _kind_of(self, raw: RawLink) -> LinkKind:
        record = self.records.get(raw.url)
        return record.kind if record is not None else classify(raw.url, raw.tag_kind, raw.url in self.scope)

    def _discover(self, raw: RawLink, source: str, depth: int, from_home: bool) -> None:
        url = raw.url
        record = self.records.get(url)
        if record is None:
            if url in self.dropped:
                return
            record = self._new_record(raw, source, depth)
            if record is None:
                return
        record.referrers.append((source, raw.text))
        record.on_home = record.on_home or from_home

    def _new_record(self, raw: RawLink, source: str, depth: int) -> _Record | None:
        url = raw.url
        if raw.invalid:
            record = self.records[url] = _Record(raw.tag_kind)
            self._finish(url, _unfetched(url, FetchError.INVALID_URL, "malformed URL"), LinkVerdict.DEAD)
            return record
        in_scope = url in self.scope
        kind = classify(url, raw.tag_kind, in_scope)
        if not in_scope and not self.options.check_external:
            return None
        parse = in_scope and is_parsable_kind(kind)
        if parse and depth > self.options.max_depth:
            parse = False
            self.depth_limited += 1
        if parse and not self.trap.admit(url, source):
            self.dropped.add(url)
            return None
        record = self.records[url] = _Record(kind)
        self.frontier.push(Lane.SITE if in_scope else Lane.EXTERNAL, Task(url, kind, depth, parse))
        return record

    async def _check(self, task: Task) -> None:
        if task.url in self.scope and not await self._robots_allow(task):
            return
        result = await self.fetcher.check(task.url)
        self._finish(task.url, result.fetch, verdict_of(result.fetch, sample_text(result)))

    def _finish(self, url: str, fetch: Fetch, verdict: LinkVerdict) -> None:
        record = self.records.get(url)
        if record is None:
            record = self.records[url] = _Record(LinkKind.PAGE)
        record.fetch, record.verdict = fetch, verdict
        self.checked += 1

    def _result(self, started_at: datetime, seconds: float) -> CrawlResult:
        links = {
            url: LinkCheck(url, rec.kind, rec.verdict, rec.fetch, tuple(dict.fromkeys(rec.referrers)),
                           rec.on_home)
            for url, rec in self.records.items() if rec.fetch is not None
        }
        stats = CrawlStats(pages=len(self.pages), urls_checked=len(links), bytes=self.fetcher.bytes_read,
                           seconds=seconds, robots_disallowed=self.robots_disallowed,
                           trap_skipped=self.trap.total_skipped, limit_reached=self.limit_reached)
        return CrawlResult(
            site=self.site, started_at=started_at, finished_at=utcnow(), pages=tuple(self.pages), links=links,
            robots_ignored=self.site.ignore_robots, robots_txt=self.robots.texts.get(origin_of(self.home_url), ""),
            stats=stats, notes=tuple(self.notes + self.robots.notes + self._limit_notes()),
        )

    def _limit_notes(self) -> list[str]:
        notes: list[str] = []
        if self.site.ignore_robots:
            notes.append("已按设置（--ignore-robots 或登记文件）忽略 robots.txt 抓取本站"
                         f"（robots.txt 本应禁止的网址 {self.robots.ignored_disallowed} 个）。")
        if self.robots_disallowed:
            notes.append(f"robots.txt 禁止抓取的网址 {self.robots_disallowed} 个，未抓取。")
        if self.limit_reached:
            notes.append(f"已达到页面数上限 {self.options.max_pages}，其余页面只检查可访问性、未解析。")
        if self.depth_limited:
            notes.append(f"超过最大深度 {self.options.max_depth} 的页面 {self.depth_limited} 个，只检查可访问性、未解析。")
        if self.trap.total_skipped:
            worst = ", ".join(p for p, _ in self.trap.skipped.most_common(3))
            notes.append(f"陷阱防护：{self.trap.total_skipped} 个同一路径模式的网址未抓取（如 {worst}）。")
        return notes


def _unfetched(url: str, error: FetchError, detail: str) -> Fetch:
    return Fetch(url=url, final_url=url, status=None, seconds=0.0, size=0, content_type="",
                 fetched_at=utcnow(), error=error, error_detail=detail, attempts=0)


