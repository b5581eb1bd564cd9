"""The security pass of a scan (issue #7 §3, §4, §6; ``ScanRequest.security`` / ``--security``): the
transport/configuration probe of :mod:`govwatch.crawl.transport` plus the extended probe — protocol
versions (sslyze), IPv6, robots.txt and sitemap, the site search asked for a known article title, the
site's external links followed — and the defacement baseline handed to ``security.defacement``.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import aiohttp

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import LinkKind, SiteSpec
from govwatch.core.transport import DefacementBaseline, SecurityFacts, TransportFacts
from govwatch.core.urls import host_of
from govwatch.crawl import CrawlOptions
from govwatch.crawl.ipv6 import probe_ipv6
from govwatch.crawl.outbound import probe_outbound
from govwatch.crawl.resolver import PinnedResolver
from govwatch.crawl.seo_probe import fetch_text, probe_search, sitemap_urls
from govwatch.crawl.tls_protocols import protocol_support_async
from govwatch.crawl.transport import probe_transport
from govwatch.extract.html import parse, text_of

#: Checks judged on the security pass: without ``ScanRequest.security`` they did not run.
TRANSPORT_CHECKS = frozenset({"security.tls", "security.headers", "security.exposed_file", "security.server_version",
                              "security.cloaking", "security.tls_protocols", "security.ipv6", "security.defacement",
                              "links.hijacked", "seo", "seo.search"})
MAX_OUTBOUND_HOSTS = 40


def known_article(crawl: CrawlResult) -> tuple[str, str]:
    """(title, URL) of an article the crawl read, for the site-search probe; ('', '') when none.

    Prefers a page with ``<meta name="ArticleTitle">`` (the 政府网站 metadata standard), else the
    single ``<h1>`` of a page at depth ≥ 1 — the shallowest such page."""
    fallback = ("", "")
    for page in sorted(crawl.pages, key=lambda p: p.depth):
        if page.is_home or page.depth < 1 or not page.fetch.ok or not page.html:
            continue
        tree = parse(page.html)
        meta = tree.css_first('meta[name="ArticleTitle" i]')
        url = page.fetch.final_url or page.url
        title = str(meta.attributes.get("content") or "").strip() if meta is not None else ""
        if 4 <= len(title) <= 80:
            return title, url
        h1 = tree.css("h1")
        if not fallback[0] and len(h1) == 1 and 6 <= len(text_of(h1[0])) <= 80:
            fallback = (text_of(h1[0]), url)
    return fallback


def outbound_links(crawl: CrawlResult, limit: int = MAX_OUTBOUND_HOSTS) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """External links with text on the homepage and pages one click away: URL → (texts, pages); one
    URL per host (the first seen), at most ``limit`` hosts."""
    own = {host_of(crawl.site.home_url), *crawl.site.extra_hosts}
    by_url: dict[str, tuple[list[str], list[str]]] = {}
    hosts: set[str] = set()
    for page in sorted(crawl.pages, key=lambda p: p.depth):
        if page.depth > 1:
            break
        for link in page.links:
            host = host_of(link.url)
            if link.kind != LinkKind.EXTERNAL or not link.text.strip() or not host or host in own:
                continue
            if link.url not in by_url and (host in hosts or len(hosts) >= limit):
                continue
            hosts.add(host)
            texts, pages = by_url.setdefault(link.url, ([], []))
            if link.text not in texts:
                texts.append(link.text)
            if page.url not in pages:
                pages.append(page.url)
    return {u: (tuple(t), tuple(p)) for u, (t, p) in by_url.items()}


def _root(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _port(url: str) -> int:
    netloc = url.split("://", 1)[1].split("/", 1)[0]
    tail = netloc.rsplit(":", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else (443 if url.startswith("https") else 80)


async def extended_probe(home_url: str, crawl: CrawlResult, options: CrawlOptions,
                         baseline: DefacementBaseline | None = None) -> SecurityFacts:
    """Everything :class:`SecurityFacts` holds for ``home_url`` (the homepage's final URL)."""
    pins, timeout, agent = dict(options.resolve or {}), options.total_timeout, options.user_agent
    host, port = host_of(home_url), _port(home_url)
    protocols: tuple = ()
    protocols_error = ""
    if home_url.startswith("https://"):
        protocols, protocols_error = await protocol_support_async(host, port, pins.get((host, port)), timeout)
    home = crawl.home
    title, article = known_article(crawl)
    connector = aiohttp.TCPConnector(resolver=PinnedResolver(pins), ssl=False, limit=4)
    async with aiohttp.ClientSession(connector=connector, headers={"User-Agent": agent}) as session:
        robots = await fetch_text(session, _root(home_url) + "/robots.txt", timeout=timeout)
        sitemap = await fetch_text(session, sitemap_urls(robots.text if robots.ok else "", _root(home_url))[0],
                                   timeout=timeout)
        search = await probe_search(session, home.html if home is not None else "", home_url, title, article, timeout)
    ipv6, (outbound, resolver_ok) = await asyncio.gather(
        probe_ipv6(home_url, resolve=pins, timeout=timeout, user_agent=agent),
        probe_outbound(outbound_links(crawl), resolve=pins, timeout=timeout, user_agent=agent))
    return SecurityFacts(protocols=protocols, protocols_error=protocols_error, ipv6=ipv6, robots=robots,
                         sitemap=sitemap, search=search, outbound=outbound, resolver_ok=resolver_ok, baseline=baseline)


async def security_pass(site: SiteSpec, crawl: CrawlResult, options: CrawlOptions,
                        baseline: DefacementBaseline | None = None) -> TransportFacts:
    """The transport probe and the extended probe of the scanned site (never raises for what the site
    does). ``baseline`` the stored defacement baseline (None: the first scan takes one)."""
    home = crawl.home
    url = home.fetch.final_url if home is not None and home.fetch.final_url else site.home_url
    facts = await probe_transport(url, resolve=options.resolve, timeout=options.total_timeout,
                                  user_agent=options.user_agent)
    extra = await extended_probe(url, crawl, options, baseline)
    return replace(facts, extra=extra)
