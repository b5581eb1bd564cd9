"""Sections of the report model: the indicator table, link statistics, the columns table, identity facts
and the notes derived from the score and the crawl. Pure functions over core types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Column, Finding, LinkCheck, LinkKind, LinkVerdict, SiteSpec
from govwatch.core.score import FAIL, PASS, UNDETERMINED, IndicatorResult, Score
from govwatch.extract.facts import SiteFacts
from govwatch.reports.labels import (
    COLUMN_SOURCE_LABELS,
    INDICATOR_KIND_LABELS,
    LINK_KIND_LABELS,
    column_type_label,
)

STALE_CODES = frozenset({"column.stale"})
BLANK_CODES = frozenset({"column.blank"})
COLUMN_OK, COLUMN_STALE, COLUMN_BLANK, COLUMN_UNREACHABLE = "正常", "未及时更新", "空白", "无法访问"


@dataclass(frozen=True)
class IndicatorRow:
    """A row of the indicator table. ``status`` is 合格/不合格 (veto, deduct), 加分/未加分 (bonus),
    合格/提示 (info) or 未检测 when the indicator's check raised; ``occurrences`` Σ finding counts."""

    id: str
    title: str
    kind: str
    kind_label: str
    group: str
    status: str
    passed: bool
    points_lost: float
    points_gained: float
    max_points: float
    finding_count: int
    occurrences: int
    confirmed: bool
    evaluated: bool
    source: str


@dataclass(frozen=True)
class LinkCounts:
    """How many checked URLs ended with each verdict."""

    checked: int = 0
    ok: int = 0
    dead: int = 0
    blocked: int = 0
    error: int = 0
    timeout: int = 0


@dataclass(frozen=True)
class LinkKindRow:
    """Link counts for one kind of reference (网页, 图片, 附件, 外部链接 …)."""

    kind: str
    label: str
    counts: LinkCounts


@dataclass(frozen=True)
class LinkStats:
    """Crawl and link statistics. ``home`` counts URLs the homepage references, ``inner`` the others
    (首页 vs 其他页面, as 链接可用性 counts them); ``home_status`` says how the homepage answered."""

    pages: int
    pages_failed: int
    urls_checked: int
    bytes: int
    home: LinkCounts
    inner: LinkCounts
    total: LinkCounts
    by_kind: tuple[LinkKindRow, ...]
    home_status: str
    robots_ignored: bool


@dataclass(frozen=True)
class ColumnRow:
    """A row of the columns table: ``latest`` newest item date, ``age_days`` days from it to the
    monitoring date; ``status`` 正常 / 未及时更新 / 空白 / 无法访问."""

    name: str
    url: str
    type: str
    type_label: str
    source: str
    source_label: str
    latest: date | None
    age_days: int | None
    items: int
    dated_items: int
    status: str


@dataclass(frozen=True)
class IdentityRow:
    """A footer identity fact: what was ``found`` on the site, what the registry ``expected`` ('' if
    nothing registered) and ``status`` 已发现 / 与登记一致 / 与登记不符 / 未发现."""

    label: str
    found: str
    expected: str
    status: str


_INTERNAL_REFS = (
    (re.compile(r"[，,；;]\s*doc §[\d.]+\s*\[(?:C2?|U)\]"), ""),  # "…，doc §1.1 [C]" inside brackets
    (re.compile(r"[（(]\s*doc §[\d.]+\s*\[(?:C2?|U)\][^（）()]*[）)]"), ""),  # "（doc §1.1 [C]）"
    (re.compile(r"doc §[\d.]+\s*"), ""),
    (re.compile(r"\s*\[(?:C2?|U)(?:\s[^\]]*)?\]：?"), ""),
    (re.compile(r"[（(]\s*(?:DESIGN\.md|issue)[^（）()]*[）)]"), ""),
    (re.compile(r"[（(]\s*[，,；;]\s*"), "（"),
    (re.compile(r"[（(]\s*(?:分值)?\s*[）)]"), ""),
    (re.compile(r"confirmed: false"), "标注“待核实”"),
    (re.compile(r"\s+([。；，])"), r"\1"),
)


def public_source(source: str) -> str:
    """A rulebook ``source`` as a report reader should see it: the clause and the rule, without the
    internal pointers into ../shared/indicators (``doc §1.1 [C]``, ``[U]``, ``DESIGN.md §2``) — whether a
    value is confirmed is shown by the 待核实 mark instead."""
    for pattern, repl in _INTERNAL_REFS:
        source = pattern.sub(repl, source)
    return source.strip()


def indicator_rows(score: Score) -> tuple[IndicatorRow, ...]:
    """One row per scored indicator, in rulebook order."""
    return tuple(_indicator_row(r) for r in score.results)


def _indicator_status(result: IndicatorResult) -> str:
    if not result.evaluated or not result.ran:
        return "未检测"
    if result.kind == "bonus":
        return "加分" if result.points_gained > 0 else "未加分"
    if result.kind == "info":
        return "提示" if result.findings else PASS
    return PASS if result.passed else FAIL


def _indicator_row(result: IndicatorResult) -> IndicatorRow:
    return IndicatorRow(
        id=result.indicator_id, title=result.title, kind=result.kind,
        kind_label=INDICATOR_KIND_LABELS.get(result.kind, result.kind), group=result.group,
        status=_indicator_status(result), passed=result.passed, points_lost=result.points_lost,
        points_gained=result.points_gained, max_points=result.max_points,
        finding_count=len(result.findings), occurrences=sum(max(f.count, 0) for f in result.findings),
        confirmed=result.confirmed, evaluated=result.evaluated, source=public_source(result.source),
    )


def _counts(checks: Iterable[LinkCheck]) -> LinkCounts:
    verdicts = [c.verdict for c in checks]
    return LinkCounts(
        checked=len(verdicts), ok=verdicts.count(LinkVerdict.OK), dead=verdicts.count(LinkVerdict.DEAD),
        blocked=verdicts.count(LinkVerdict.BLOCKED), error=verdicts.count(LinkVerdict.ERROR),
        timeout=verdicts.count(LinkVerdict.TIMEOUT),
    )


def _home_status(crawl: CrawlResult) -> str:
    home = crawl.home
    if home is None:
        return "未取得首页"
    fetch = home.fetch
    if fetch.error is not None:
        return f"无法访问（{fetch.error.value}{'：' + fetch.error_detail if fetch.error_detail else ''}）"
    return f"HTTP {fetch.status}，耗时 {fetch.seconds:.2f} 秒"


def link_stats(crawl: CrawlResult) -> LinkStats:
    """Counts from ``crawl.links`` split homepage / inner pages and by kind of reference."""
    checks = list(crawl.links.values())
    by_kind = tuple(LinkKindRow(kind.value, LINK_KIND_LABELS.get(kind, kind.value),
                                _counts(c for c in checks if c.kind == kind))
                    for kind in LinkKind if any(c.kind == kind for c in checks))
    return LinkStats(
        pages=max(crawl.stats.pages, len(crawl.pages)),
        pages_failed=sum(1 for p in crawl.pages if not p.fetch.ok),
        urls_checked=max(crawl.stats.urls_checked, len(checks)), bytes=crawl.stats.bytes,
        home=_counts(c for c in checks if c.on_home), inner=_counts(c for c in checks if not c.on_home),
        total=_counts(checks), by_kind=by_kind, home_status=_home_status(crawl),
        robots_ignored=crawl.robots_ignored,
    )


def _refers_to(finding: Finding, column: Column) -> bool:
    """A column finding names its column by ``url`` or by ``evidence['column_url']``."""
    return column.url in (finding.url, finding.evidence.get("column_url"))


def _column_status(column: Column, findings: Sequence[Finding]) -> str:
    mine = [f.code for f in findings if _refers_to(f, column)]
    if not column.fetched:
        return COLUMN_UNREACHABLE
    if column.blank or any(code in BLANK_CODES for code in mine):
        return COLUMN_BLANK
    if any(code in STALE_CODES for code in mine):
        return COLUMN_STALE
    return COLUMN_OK


def column_rows(facts: SiteFacts, findings: Sequence[Finding], today: date) -> tuple[ColumnRow, ...]:
    """One row per column. 未及时更新 comes from ``column.stale`` findings (the check owns the windows),
    空白 from the column's flag or a ``column.blank`` finding, 无法访问 from ``fetched``."""
    return tuple(ColumnRow(
        name=c.name, url=c.url, type=c.type.value, type_label=column_type_label(c.type), source=c.source,
        source_label=COLUMN_SOURCE_LABELS.get(c.source, c.source), latest=c.latest,
        age_days=None if c.latest is None else (today - c.latest).days, items=len(c.items),
        dated_items=sum(1 for i in c.items if i.published is not None), status=_column_status(c, findings),
    ) for c in facts.columns)


def _identity_row(label: str, found: Sequence[str], expected: str | None) -> IdentityRow:
    found_text = "；".join(found)
    if not found:
        status = "未发现"
    elif not expected:
        status = "已发现"
    else:
        wanted = "".join(expected.split())
        status = "与登记一致" if any("".join(v.split()) == wanted for v in found) else "与登记不符"
    return IdentityRow(label, found_text, expected or "", status)


def identity_rows(site: SiteSpec, facts: SiteFacts) -> tuple[IdentityRow, ...]:
    """Footer identity (底部功能区) facts next to what the registry declares."""
    ident = facts.identity
    badge = [ident.badge_url or "有"] if ident.badge else []
    return (
        _identity_row("网站标识码（页面底部）", ident.site_id_codes, site.site_id_code),
        _identity_row("网站标识码（SiteIDCode 元数据）", [ident.meta_site_id] if ident.meta_site_id else [],
                      site.site_id_code),
        _identity_row("ICP备案号", ident.icp, site.icp),
        _identity_row("公安机关备案号", ident.police_filings, site.police_filing),
        _identity_row("党政机关网站标识", badge, None),
        _identity_row("主办单位", ident.units, site.unit),
        _identity_row("联系方式", ident.contacts, None),
        _identity_row("读取页面", [ident.page_url] if ident.page_url else [], None),
    )


def derived_notes(score: Score) -> list[str]:
    """Chinese notes the reader needs to weigh the result: vetoes, bonus, unconfirmed values, failed
    checks and unscored findings. (The crawl writes its own notes on robots.txt, limits and traps.)"""
    notes: list[str] = []
    if score.verdict == UNDETERMINED:
        return ["网站首页无法访问，本次监测未能读取网站内容，各项指标均未评估；下列问题仅为本次访问中观察到的情况。"]
    if score.vetoed:
        notes.append("因存在单项否决问题，扣分指标和加分指标不再计分；表中扣分仅供参考。")
    elif not score.scored:
        notes.append("按所用指标体系，本类网站只判定单项否决指标，扣分指标和加分指标不计分。")
    elif not score.bonus_counted and any(r.points_gained > 0 for r in score.results):
        notes.append(f"扣分指标得分未超过 {score.bonus_threshold:g} 分，加分指标不计入总分。")
    if not score.service_duties:
        notes.append("本网站所属部门无对外服务职能：办事服务指标不参与评分，得分按 75 分折算为百分制（×4/3）。")
    if any(not r.confirmed and r.findings for r in score.results):
        notes.append("标注“待核实”的指标，其分值或阈值来自尚未与官方原文逐字核对的资料，结果仅供参考。")
    not_run = [r.title for r in score.results if not r.ran]
    if not_run:
        notes.append(f"以下指标依赖持续监测数据（如连续 7 天、每天不少于 20 次的可用性探测），"
                     f"单次扫描不作评估，结论以常态化监测为准：{'、'.join(not_run)}。")
    failed = [r.title for r in score.results if r.ran and not r.evaluated]
    if failed:
        notes.append(f"以下指标的检查项运行出错，未能评估：{'、'.join(failed)}。")
    if score.unscored:
        notes.append(f"{len(score.unscored)} 项问题不对应本网站适用的指标，列于“其他问题”，不计分。")
    return notes
