"""Shared by the proofreading checks (content.*, privacy.pii): the main text of the scanned pages,
proofread once per scan and reused by each of the five checks.

Which pages: the homepage (text without navigation, header and footer) and fetched HTML pages whose
trafilatura main text has at least ``min_chars`` characters (article-like pages), at most ``max_pages``
pages and ``max_chars`` characters each — the cap on the work one scan spends on proofreading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding, Page
from govwatch.core.urls import host_of
from govwatch.extract.html import content_text, page_title, parse
from govwatch.proofread.engine import proofread_text
from govwatch.proofread.inputs import main_text
from govwatch.proofread.issue import TYPE_NAMES, Issue


class ProofreadParams(BaseModel):
    """``max_pages`` pages proofread per scan; ``max_chars`` characters read per page; ``min_chars`` the
    shortest main text worth checking; ``min_confidence`` (0–1) issues below it are dropped;
    ``max_listed`` issues listed in one finding's evidence."""

    model_config = ConfigDict(extra="forbid")
    max_pages: int = 200
    max_chars: int = 20_000
    min_chars: int = 30
    min_confidence: float = 0.0
    max_listed: int = 20


@dataclass(frozen=True)
class PageIssues:
    """One proofread page: its URL, title and the issues of its main text."""

    url: str
    title: str
    issues: tuple[Issue, ...]


_CACHE: dict[tuple[int, int, int, int], tuple[ScanContext, list[PageIssues]]] = {}


def _text(page: Page, is_home: bool, params: ProofreadParams) -> str:
    text = content_text(page.html) if is_home else main_text(page.html, page.fetch.final_url or page.url)
    return text[: params.max_chars] if len(text) >= params.min_chars else ""


def proofread_pages(ctx: ScanContext, params: ProofreadParams) -> list[PageIssues]:
    """Every checked page with its issues (all five types), computed once per scan and parameter set."""
    key = (id(ctx), params.max_pages, params.max_chars, params.min_chars)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ctx:
        return hit[1]
    site = host_of(ctx.site.home_url)
    out: list[PageIssues] = []
    home = ctx.crawl.home
    for page in ctx.crawl.pages:
        if len(out) >= params.max_pages:
            break
        if not page.fetch.ok or not page.html:
            continue
        text = _text(page, page is home, params)
        if text:
            issues = proofread_text(text, ctx.kb, site=site, today=ctx.today)
            out.append(PageIssues(page.fetch.final_url or page.url, page_title(parse(page.html)), tuple(issues)))
    _CACHE.clear()  # one scan at a time is kept: a worker moves on to the next site
    _CACHE[key] = (ctx, out)
    return out


def findings(ctx: ScanContext, params: ProofreadParams, code: str, fix: str) -> Iterable[Finding]:
    """One finding per page that has issues of type ``code``, counting them, listing up to ``max_listed``."""
    name = TYPE_NAMES[code]
    for page in proofread_pages(ctx, params):
        issues = [i for i in page.issues if i.type == code and i.confidence >= params.min_confidence]
        if not issues:
            continue
        shown = "；".join(f"「{i.original}」" + (f"应为「{i.suggestion}」" if i.suggestion and i.suggestion != i.original else "")
                         for i in issues[:5])
        more = f"等 {len(issues)} 处" if len(issues) > 5 else ""
        yield Finding(
            code=code, target=ctx.site.home_url, url=page.url, count=len(issues), fix=fix,
            message=f"页面「{page.title or page.url}」{'发现疑似' if code == 'content.typo' else '发现'}{name}：{shown}{more}。",
            evidence={"url": page.url, "title": page.title, "count": len(issues),
                      "issues": [i.as_dict() for i in issues[: params.max_listed]]},
        )
