"""Routes of the ``audit`` area (mounted at ``/audit/``)."""

from django.urls import URLPattern, URLResolver, path

from govwatch.web.audit import views

app_name = "audit"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audit_log_page, name="list"),
]
