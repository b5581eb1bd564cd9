"""Shared pieces of the dashboard services: who may see fleet pages, the indicator catalogue, periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from govwatch.core.errors import GovwatchError
from govwatch.rules.rulebook import default_rulebook
from govwatch.scoring.period import parse_period, period_containing
from govwatch.services.access import AccessDenied, Actor

__all__ = ["AccessDenied", "IndicatorRef", "NotFound", "indicator_choices", "indicator_of", "period_title",
           "period_start", "quarter_of", "require_fleet", "veto_codes"]


class NotFound(GovwatchError):
    """The object does not exist or lies outside the actor's scope (the views answer 404 either way)."""


def require_fleet(actor: Actor) -> None:
    """Fleet pages are for admins, operators and unit users; raise AccessDenied for anyone else
    (proofreaders, users without a role)."""
    if not (actor.is_staff_side or actor.is_unit):
        raise AccessDenied(f"当前账号（{actor.role_label}）无权查看监测数据；如需访问请联系监管方管理员分配角色")


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator of the bundled rulebook: ``id``, Chinese ``title``, ``kind`` (veto/deduct/bonus/info)
    and the finding ``codes`` it counts."""

    id: str
    title: str
    kind: str
    codes: tuple[str, ...]


def indicator_choices() -> list[IndicatorRef]:
    """Every indicator of the bundled national rulebook, in rulebook order."""
    return [IndicatorRef(i.id, i.title, str(i.kind), tuple(i.codes)) for i in default_rulebook().indicators]


def indicator_of(code: str) -> IndicatorRef | None:
    """The first indicator that counts findings of ``code`` (None for codes outside the rulebook)."""
    found = default_rulebook().for_code(code)
    return None if not found else IndicatorRef(found[0].id, found[0].title, str(found[0].kind), tuple(found[0].codes))


def veto_codes() -> tuple[str, ...]:
    """The finding codes of every veto (单项否决) indicator of the bundled rulebook."""
    return tuple(c for i in default_rulebook().indicators if str(i.kind) == "veto" for c in i.codes)


def period_start(label: str) -> datetime:
    """The aware start of period ``label``."""
    return parse_period(label).start


def quarter_of(now: datetime) -> str:
    """The label of the quarter containing ``now`` (Beijing time), e.g. ``2026Q4``."""
    return period_containing(now).label


def period_title(label: str) -> str:
    """2026年第四季度 for ``2026Q4`` (the label itself when it does not parse)."""
    try:
        return parse_period(label).title
    except GovwatchError:
        return label
