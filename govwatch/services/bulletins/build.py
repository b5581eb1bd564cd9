"""``build_bulletin(period, scope)``: gather a 通报's data through storage queries into the pure model.

Ranks are the city-wide ranks within level and kind (``services.scores.fleet_ranking``); a level or unit
scope shows its own sites with those ranks. When the period has no stored scores yet they are computed
first (``compute_period_scores``, idempotent). The 整改 table counts the items of the rectification notices
issued in the period per unit once the platform has any notice (整改通知); before that, the findings of the
period per unit, open or resolved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.core.score import PASS
from govwatch.reports.bulletin.model import (
    Bulletin,
    CountRow,
    FailingSite,
    MediaRow,
    RankRow,
    RectifyRow,
    Summary,
    TrendPoint,
    bulletin_title,
    points,
)
from govwatch.reports.labels import code_label
from govwatch.rules.rulebook import Rulebook, default_rulebook
from govwatch.scoring.period import Period, parse_period
from govwatch.services.scores import RankingRow, compute_period_scores, fleet_ranking, resolve_period
from govwatch.storage.bulletins import queries as q
from govwatch.storage.bulletins.queries import Scope

DEFAULT_ISSUER = "市大数据管理局"
LEVEL_LABELS = {"市": "市级", "县": "县级", "乡镇": "乡镇级"}
NEXT_STEPS = (
    "一是压实主体责任。各单位要对照本通报指出的问题逐项整改，举一反三，建立问题台账，整改情况按期报送。",
    "二是加强日常监测。运维方继续开展常态化监测，对单项否决和逾期未整改问题重点督办、及时复查。",
    "三是强化内容保障。各单位要落实信息发布审核制度，确保栏目及时更新、链接可用、表述准确。",
)
Progress = Callable[[int, str], None]


def parse_scope(text: str) -> Scope:
    """'city' / '全市' / '' → 全市; 'level:县' (市/县/乡镇); 'unit:<id>' or 'unit:<unit name>'. UsageError
    otherwise."""
    value = (text or "city").strip()
    if value in ("city", "全市"):
        return Scope("city")
    kind, _, arg = value.partition(":")
    if kind == "level" and arg in LEVEL_LABELS:
        return Scope("level", arg)
    if kind == "unit" and arg.isdigit() and q.unit_name(int(arg)) is not None:
        return Scope("unit", arg)
    if kind == "unit" and arg and (unit_id := q.unit_id_by_name(arg)) is not None:
        return Scope("unit", str(unit_id))
    raise UsageError(f"通报范围应为 city（全市）、level:市/县/乡镇 或 unit:<单位编号或名称>（存在的单位），收到：{text}")


def scope_label(scope: Scope) -> str:
    """全市 / 县级 / the unit's name."""
    if scope.kind == "level":
        return LEVEL_LABELS[scope.value]
    if scope.kind == "unit":
        return q.unit_name(int(scope.value)) or "未知单位"
    return "全市"


def default_doc_number(period: Period) -> str:
    """The 文号 when none is given: 〔2026〕4号 for 2026Q4 (the quarter's number), 〔2026〕11号 for a month."""
    number = period.label[-1] if period.kind == "quarter" else str(period.start.month)
    return f"〔{period.start.year}〕{number}号"


def previous_quarters(period: Period, count: int = 4) -> list[Period]:
    """The ``count`` quarters ending with ``period``'s last quarter, oldest first."""
    end = period.end.astimezone(CHINA_TZ)
    year, quarter = end.year, (end.month - 1) // 3  # the quarter before the one ``end`` starts
    if quarter == 0:
        year, quarter = year - 1, 4
    out = []
    for _ in range(count):
        out.append(parse_period(f"{year}Q{quarter}"))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out[::-1]


def _ranking(period: Period, homes: set[str]) -> list[RankingRow]:
    return [r for r in fleet_ranking(period) if r.home_url in homes]


def _trend(period: Period, homes: set[str]) -> tuple[TrendPoint, ...]:
    points_ = []
    for quarter in previous_quarters(period):
        rows = _ranking(quarter, homes)
        scored = [r.total for r in rows if r.total is not None]
        passed = sum(r.verdict == PASS for r in rows)
        points_.append(TrendPoint(quarter.label, quarter.title, len(rows), passed, sum(bool(r.vetoes) for r in rows),
                                  round(100 * passed / len(rows), 1) if rows else 0.0,
                                  round(sum(scored) / len(scored), 2) if scored else None))
    return tuple(points_)


def _failing(rows: Sequence[RankingRow]) -> tuple[FailingSite, ...]:
    out = []
    for r in rows:
        if r.verdict == PASS:
            continue
        reason = (f"单项否决：{'、'.join(r.vetoes)}" if r.vetoes else
                  f"总分{points(r.total)}分，低于合格分数线" if r.total is not None else r.verdict)
        out.append(FailingSite(r.site, r.unit, r.home_url, bool(r.vetoes), r.total, reason))
    return tuple(out)


def _indicator_name(row: q.FindingRow, book: Rulebook) -> str:
    for indicator_id in row.indicators:
        try:
            return book.by_id(indicator_id).title
        except (KeyError, LookupError):
            continue
    return code_label(row.code, book)


def _counts(keys: Sequence[tuple[str, bool]]) -> tuple[CountRow, ...]:
    total: Counter[str] = Counter(k for k, _ in keys)
    resolved: Counter[str] = Counter(k for k, done in keys if done)
    return tuple(CountRow(name, n, resolved[name]) for name, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


def _rectification(period: Period, as_of: datetime, scope: Scope, found: Sequence[q.FindingRow]
                   ) -> tuple[tuple[RectifyRow, ...], str]:
    if not q.rectification_exists():
        per_unit: dict[str, list[bool]] = defaultdict(list)
        for f in found:
            per_unit[f.unit].append(f.resolved)
        return tuple(RectifyRow(u, len(v), v.count(False), v.count(True), 0) for u, v in sorted(per_unit.items())
                     ), "尚无整改通知，按问题处理状态统计"
    today = as_of.astimezone(CHINA_TZ).date()
    items: dict[str, list[q.RectifyItemRow]] = defaultdict(list)
    for item in q.rectify_items(period.start, period.end, scope):
        items[item.unit].append(item)
    rows = []
    for unit, group in sorted(items.items()):
        done = sum(i.item_status == "fixed" or i.notice_status == "closed" for i in group)
        overdue = sum(i.deadline < today and i.item_status != "fixed" and i.notice_status != "closed" for i in group)
        rows.append(RectifyRow(unit, len(group), len(group) - done, done, overdue))
    return tuple(rows), "按本期下发的整改通知事项统计"


def _media(rows: Sequence[q.AccountFindingRow], book: Rulebook) -> tuple[MediaRow, ...]:
    by_account: dict[int, list[q.AccountFindingRow]] = defaultdict(list)
    for row in rows:
        by_account[row.account_id].append(row)
    return tuple(MediaRow(g[0].account, g[0].platform, g[0].unit, len(g),
                          "、".join(dict.fromkeys(code_label(r.code, book) for r in g)))
                 for g in sorted(by_account.values(), key=lambda g: (-len(g), g[0].account)))


def build_bulletin(period: str | Period, scope: str | Scope = "city", *, now: datetime | None = None,
                   doc_number: str = "", issuer: str = "", progress: Progress | None = None,
                   rulebook: Rulebook | None = None) -> Bulletin:
    """The 通报 of ``period`` ('2026Q4') for ``scope`` ('city', 'level:县', 'unit:<id>') as of ``now``.

    Computes the period's scores first when none are stored. ``progress(percent 0–40, stage)`` is told
    each step. Raises UsageError for a bad period or scope, or a period that has not begun.
    """
    report = progress or (lambda p, s: None)
    book = rulebook or default_rulebook()
    chosen, as_of = resolve_period(period, now or utcnow())
    where = scope if isinstance(scope, Scope) else parse_scope(scope)
    homes = q.scope_home_urls(where)
    report(5, "正在读取本期得分与排名")
    if not fleet_ranking(chosen):
        report(8, "本期尚未计算得分，正在计算")
        compute_period_scores(chosen, as_of, book)
    ranking = _ranking(chosen, homes)
    report(15, "正在统计问题分布")
    found = q.findings(chosen.start, as_of, where)
    media = q.account_findings(chosen.start, as_of, where)
    report(25, "正在统计整改情况与趋势")
    rectification, basis = _rectification(chosen, as_of, where, found)
    trend = _trend(chosen, homes)
    passed = sum(r.verdict == PASS for r in ranking)
    label = scope_label(where)
    summary = Summary(len(ranking), passed, len(ranking) - passed, sum(bool(r.vetoes) for r in ranking),
                      round(100 * passed / len(ranking), 1) if ranking else 0.0, len(found), q.account_count(where),
                      len({m.account_id for m in media}), len(media))
    report(35, "数据整理完成")
    return Bulletin(
        title=bulletin_title(chosen.title, label), issuer=issuer or DEFAULT_ISSUER,
        doc_number=doc_number or default_doc_number(chosen),
        period_label=chosen.label, period_title=chosen.title, scope_label=label,
        issued_on=(now or utcnow()).astimezone(CHINA_TZ).date(), summary=summary,
        ranking=tuple(RankRow(r.rank, r.group, r.site, r.unit, r.verdict, r.total, r.vetoes) for r in ranking),
        failing=_failing(ranking), by_indicator=_counts([(_indicator_name(f, book), f.resolved) for f in found]),
        by_unit=_counts([(f.unit, f.resolved) for f in found]), trend=trend, rectification=rectification,
        rectify_basis=basis, media=_media(media, book), next_steps=NEXT_STEPS, generator=_generator())


def _generator() -> str:
    from govwatch import __version__

    return f"govwatch {__version__}"


__all__ = ["DEFAULT_ISSUER", "UsageError", "build_bulletin", "parse_scope", "previous_quarters", "scope_label"]
