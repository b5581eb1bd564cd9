"""Routes of the ``bulletins`` area (/bulletins/): archive, 生成通报, job pages, progress fragments,
downloads, approval, stored-site 监测报告."""

from django.urls import URLPattern, URLResolver, path

from govwatch.web.bulletins import views

app_name = "bulletins"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:bulletin_id>/", views.detail, name="detail"),
    path("<int:bulletin_id>/progress/", views.progress, name="progress"),
    path("<int:bulletin_id>/download/<str:fmt>/", views.download, name="download"),
    path("<int:bulletin_id>/approve/", views.approve, name="approve"),
    path("<int:bulletin_id>/regenerate/", views.regenerate, name="regenerate"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:job_id>/", views.report, name="report"),
    path("reports/<int:job_id>/progress/", views.report_progress, name="report_progress"),
    path("reports/<int:job_id>/download/<str:fmt>/", views.report_download, name="report_download"),
]
