"""API endpoints (read-only viewsets). Each narrows its rows through the caller's Actor first — the same
scoping as the web pages — then applies the query filters; another unit's row is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request

from govwatch.storage.models import Account, AccountFinding, Finding, Score, Site, Unit
from govwatch.storage.rectify.models import Rectification
from govwatch.web.api import params, serializers
from govwatch.web.api.permissions import FleetReader, request_actor

FINDING_STATUS = dict(Finding.Status.choices)
ACCOUNT_FINDING_STATUS = dict(AccountFinding.Status.choices)
PLATFORMS = dict(Account.Platform.choices)
RECTIFICATION_STATUS = dict(Rectification.Status.choices)
STATUS_DOC = params.doc("status", "状态：" + "、".join(f"{k}（{v}）" for k, v in FINDING_STATUS.items()),
                        enum=list(FINDING_STATUS))


def documented(tag: str, noun: str, list_text: str, parameters: list[Any] | None = None) -> Any:
    """extend_schema_view for a list + retrieve viewset, in Chinese."""
    return extend_schema_view(
        list=extend_schema(tags=[tag], summary=f"{noun}列表", description=list_text, parameters=parameters or []),
        retrieve=extend_schema(tags=[tag], summary=f"{noun}详情",
                               description=f"按编号读取一个{noun}；无权查看（如其他单位）时返回 404。"))


def by_code(qs: QuerySet[Any], code: str | None) -> QuerySet[Any]:
    """Exact finding code or a dotted prefix of it (``column`` → column.*)."""
    return qs if not code else qs.filter(Q(code=code) | Q(code__startswith=code.rstrip(".") + "."))


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, FleetReader permission; subclasses implement ``rows(actor, request)``."""

    permission_classes = [FleetReader]

    def get_queryset(self) -> QuerySet[Any]:
        return self.rows(self.request)

    def rows(self, request: Request) -> QuerySet[Any]:
        """The caller's rows, filtered by the query parameters."""
        raise NotImplementedError


@documented("主办单位", "主办单位", "当前账号可见的主办单位（主办单位用户只看到本单位）。")
class UnitViewSet(ScopedViewSet):
    """/api/v1/units/"""

    serializer_class = serializers.UnitSerializer

    def rows(self, request: Request) -> QuerySet[Unit]:
        return request_actor(request).units().order_by("id")


@documented("网站", "网站", "当前账号可见的政府网站，可按主办单位筛选。", [params.UNIT])
class SiteViewSet(ScopedViewSet):
    """/api/v1/sites/"""

    serializer_class = serializers.SiteSerializer

    def rows(self, request: Request) -> QuerySet[Site]:
        qs = request_actor(request).sites().select_related("unit").order_by("id")
        unit = params.int_param(request, "unit")
        return qs.filter(unit_id=unit) if unit else qs


@documented("网站问题", "网站问题", "当前账号可见的网站问题，按最近发现时间倒序。",
            [params.CODE, STATUS_DOC, params.SITE, params.UNIT, params.SINCE])
class FindingViewSet(ScopedViewSet):
    """/api/v1/findings/"""

    serializer_class = serializers.FindingSerializer

    def rows(self, request: Request) -> QuerySet[Finding]:
        qs = request_actor(request).findings().select_related("site__unit").order_by("-last_seen", "-id")
        qs = by_code(qs, params.text_param(request, "code"))
        if status := params.choice_param(request, "status", FINDING_STATUS):
            qs = qs.filter(status=status)
        if site := params.int_param(request, "site"):
            qs = qs.filter(site_id=site)
        if unit := params.int_param(request, "unit"):
            qs = qs.filter(site__unit_id=unit)
        if since := params.since_param(request):
            qs = qs.filter(first_seen__gte=since)
        return qs


@documented("得分", "网站得分", "各网站按周期计算的得分与排名（需先计算该周期得分），按周期倒序、排名顺序。",
            [params.PERIOD, params.SITE, params.UNIT])
class ScoreViewSet(ScopedViewSet):
    """/api/v1/scores/"""

    serializer_class = serializers.ScoreSerializer

    def rows(self, request: Request) -> QuerySet[Score]:
        qs = request_actor(request).scope(Score.objects.select_related("site__unit"), "site__unit_id")
        qs = qs.order_by("-period", "rank", "site_id")
        if period := params.period_param(request):
            qs = qs.filter(period=period)
        if site := params.int_param(request, "site"):
            qs = qs.filter(site_id=site)
        if unit := params.int_param(request, "unit"):
            qs = qs.filter(site__unit_id=unit)
        return qs


@documented("政务新媒体", "政务新媒体账号", "当前账号可见的政务新媒体账号，可按主办单位、平台筛选。",
            [params.UNIT, params.doc("platform", "平台：" + "、".join(f"{k}（{v}）" for k, v in PLATFORMS.items()),
                                     enum=list(PLATFORMS))])
class AccountViewSet(ScopedViewSet):
    """/api/v1/accounts/"""

    serializer_class = serializers.AccountSerializer

    def rows(self, request: Request) -> QuerySet[Account]:
        qs = request_actor(request).accounts().select_related("unit").order_by("id")
        if unit := params.int_param(request, "unit"):
            qs = qs.filter(unit_id=unit)
        if platform := params.choice_param(request, "platform", PLATFORMS):
            qs = qs.filter(platform=platform)
        return qs


@documented("政务新媒体", "政务新媒体问题", "当前账号可见的政务新媒体账号问题，按最近发现时间倒序。",
            [params.CODE, STATUS_DOC, params.ACCOUNT, params.UNIT, params.SINCE])
class AccountFindingViewSet(ScopedViewSet):
    """/api/v1/account-findings/"""

    serializer_class = serializers.AccountFindingSerializer

    def rows(self, request: Request) -> QuerySet[AccountFinding]:
        qs = request_actor(request).account_findings().select_related("account__unit")
        qs = by_code(qs.order_by("-last_seen", "-id"), params.text_param(request, "code"))
        if status := params.choice_param(request, "status", ACCOUNT_FINDING_STATUS):
            qs = qs.filter(status=status)
        if account := params.int_param(request, "account"):
            qs = qs.filter(account_id=account)
        if unit := params.int_param(request, "unit"):
            qs = qs.filter(account__unit_id=unit)
        if since := params.since_param(request):
            qs = qs.filter(first_seen__gte=since)
        return qs


@extend_schema_view(
    list=extend_schema(tags=["整改"], summary="整改通知列表",
                       description="当前账号可见的整改通知（主办单位用户只看到发给本单位的），按发起时间倒序。",
                       parameters=[params.UNIT, params.doc(
                           "status", "状态：" + "、".join(f"{k}（{v}）" for k, v in RECTIFICATION_STATUS.items()),
                           enum=list(RECTIFICATION_STATUS))]),
    retrieve=extend_schema(tags=["整改"], summary="整改通知详情",
                           description="一个整改通知及其整改事项（问题、状态、复查结果）和单位反馈；无权查看时返回 404。"))
class RectificationViewSet(ScopedViewSet):
    """/api/v1/rectifications/ (detail with items and responses)."""

    def get_serializer_class(self) -> type[serializers.RectificationSerializer]:
        if self.action == "retrieve":
            return serializers.RectificationDetailSerializer
        return serializers.RectificationSerializer

    def rows(self, request: Request) -> QuerySet[Rectification]:
        qs = request_actor(request).scope(Rectification.objects.select_related("unit"), "unit_id")
        qs = qs.annotate(item_count=Count("items")).order_by("-created_at", "-id")
        if unit := params.int_param(request, "unit"):
            qs = qs.filter(unit_id=unit)
        if status := params.choice_param(request, "status", RECTIFICATION_STATUS):
            qs = qs.filter(status=status)
        if self.action == "retrieve":
            qs = qs.prefetch_related("items__finding__site", "responses__attachments")
        return qs
