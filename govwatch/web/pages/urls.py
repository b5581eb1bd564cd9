"""Routes of the ``pages`` area: login/logout, the overview at /, sites, findings (+ exports), units,
new-media accounts and report files. Names are global (``login`` is settings.LOGIN_URL)."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, re_path

from govwatch.web.pages import views, views_lists

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.overview, name="overview"),
    path("ranking/", views.ranking, name="ranking"),
    path("sites/", views_lists.site_list, name="site_list"),
    path("sites/<int:site_id>/", views.site_detail, name="site_detail"),
    path("findings/", views.findings, name="findings"),
    re_path(r"^findings/export\.(?P<fmt>xlsx|csv)$", views.findings_export, name="findings_export"),
    path("runs/<int:run_id>/files/<str:name>", views.report_file, name="report_file"),
    path("units/", views_lists.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views_lists.unit_detail, name="unit_detail"),
    path("accounts/", views_lists.account_list, name="account_list"),
    path("accounts/<int:account_id>/", views_lists.account_detail, name="account_detail"),
]
