"""Routes of the ``api`` area (mounted at ``/api/``): ``v1/`` the endpoints, ``schema/`` the OpenAPI 3
schema, ``docs/`` Swagger UI (assets served locally by drf-spectacular-sidecar; no Redoc: its page loads
web fonts from the internet)."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import APIRootView, DefaultRouter

from govwatch.web.api import views
from govwatch.web.api.errors import not_found
from govwatch.web.api.permissions import FleetReader

app_name = "api"



class ApiRoot(APIRootView):
    """``/api/v1/``: the endpoint list, for the same callers as the endpoints."""

    permission_classes = [FleetReader]


router = DefaultRouter()
router.APIRootView = ApiRoot
router.register("units", views.UnitViewSet, basename="unit")
router.register("sites", views.SiteViewSet, basename="site")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("accounts", views.AccountViewSet, basename="account")
router.register("account-findings", views.AccountFindingViewSet, basename="account-finding")
router.register("rectifications", views.RectificationViewSet, basename="rectification")

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found),
]
