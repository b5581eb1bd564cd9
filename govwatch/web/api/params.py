"""Query parameters of the API lists: parsing (a bad value → 400 with a Chinese ``detail`` naming the
parameter) and their OpenAPI descriptions."""

from __future__ import annotations

from datetime import date, datetime, time

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from govwatch.core.clock import CHINA_TZ
from govwatch.core.errors import UsageError
from govwatch.scoring.period import parse_period
from govwatch.web.api.errors import BadQuery
from govwatch.web.errors import MAX_ID


def int_param(request: Request, name: str) -> int | None:
    """A positive integer id (1 … 2**63 − 1, what a database id column holds), or None when absent."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise BadQuery(f"参数 {name} 应为正整数编号（1 至 {MAX_ID}），收到：{raw[:40]}")
    return int(raw)


def choice_param(request: Request, name: str, choices: dict[str, str]) -> str | None:
    """One of ``choices`` (value → Chinese label), or None when absent."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if raw not in choices:
        allowed = "、".join(f"{k}（{v}）" for k, v in choices.items())
        raise BadQuery(f"参数 {name} 的值 {raw!r} 无效：可选 {allowed}")
    return raw


def since_param(request: Request, name: str = "since") -> datetime | None:
    """``YYYY-MM-DD`` (the start of that Beijing day) or an ISO date-time (Beijing time unless it has an
    offset) → aware datetime; None when absent."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), time(0), tzinfo=CHINA_TZ)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadQuery(f"参数 {name} 的格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][+08:00]，收到：{raw}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


def period_param(request: Request, name: str = "period") -> str | None:
    """A scoring period label ('2026Q4', '2026-11', '2026'), normalised; None when absent."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_period(raw).label
    except UsageError as exc:
        raise BadQuery(f"参数 {name}：{exc}") from None


def text_param(request: Request, name: str, limit: int = 80) -> str | None:
    """A free-text value (stripped, at most ``limit`` characters); None when absent."""
    raw = request.query_params.get(name, "").strip()
    return raw[:limit] or None


def doc(name: str, description: str, kind: OpenApiTypes = OpenApiTypes.STR,
        enum: list[str] | None = None) -> OpenApiParameter:
    """An OpenAPI query parameter with a Chinese description."""
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description,
                            enum=enum)


UNIT = doc("unit", "主办单位编号：只返回该单位的数据（主办单位用户本来就只能看到本单位）", OpenApiTypes.INT)
SITE = doc("site", "网站编号", OpenApiTypes.INT)
ACCOUNT = doc("account", "政务新媒体账号编号", OpenApiTypes.INT)
CODE = doc("code", "问题代码，如 column.stale；也可只写前缀的若干段，如 column（匹配 column.*）")
SINCE = doc("since", "只返回首次发现时间不早于此时刻的问题：YYYY-MM-DD（北京时间当天 0 点）或 ISO 时间")
PERIOD = doc("period", "周期：2026Q4（季度）、2026-11（月）或 2026（年度）")
