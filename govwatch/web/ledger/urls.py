"""Routes of the ``ledger`` area (信息发布台账, issue #8 §3–§5), under /ledger/."""

from django.urls import URLPattern, URLResolver, path, re_path

from govwatch.web.ledger import views, views_more

app_name = "ledger"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.publication_list, name="publications"),
    path("new/", views.publication_new, name="publication_new"),
    path("<int:pub_id>/", views.publication_edit, name="publication_edit"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.publication_export, name="export"),
    path("duties/", views.duty_table, name="duties"),
    path("duties/<int:duty_id>/delete/", views.duty_delete, name="duty_delete"),
    path("crosscheck/", views.crosscheck, name="crosscheck"),
    path("deliverables/", views_more.deliverable_plan, name="deliverables"),
    path("reprints/", views_more.reprint_watch, name="reprints"),
    path("annual/", views_more.annual_list, name="annual"),
    path("annual/<int:report_id>/", views_more.annual_detail, name="annual_detail"),
    path("annual/<int:report_id>/download/<str:fmt>/", views_more.annual_download, name="annual_download"),
]
