"""URL configuration: each area of the web UI has its own ``urls.py`` (pages, rectify, bulletins, api,
desk, ledger), included here under its prefix; the Django admin under ``admin/``."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "政府网站与政务新媒体监管平台"
admin.site.site_title = "govwatch 管理"
admin.site.index_title = "登记与监测数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("rectify/", include("govwatch.web.rectify.urls")),
    path("bulletins/", include("govwatch.web.bulletins.urls")),
    path("api/", include("govwatch.web.api.urls")),
    path("desk/", include("govwatch.web.desk.urls")),
    path("ledger/", include("govwatch.web.ledger.urls")),
    path("audit/", include("govwatch.web.audit.urls")),
    path("", include("govwatch.web.pages.urls")),
]
handler400 = "govwatch.web.errors.bad_request"
handler404 = "govwatch.web.errors.page_not_found"
handler500 = "govwatch.web.errors.server_error"
