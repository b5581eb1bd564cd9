"""Routes of the ``rectify`` area (under /rectify/); the create URL is ``rectify:create``."""

from django.urls import URLPattern, URLResolver, path

from govwatch.web.rectify import views

app_name = "rectify"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notice_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.create, name="create"),
    path("deadline/", views.deadline, name="deadline"),
    path("<int:rect_id>/", views.detail, name="detail"),
    path("<int:rect_id>/respond/", views.respond, name="respond"),
    path("<int:rect_id>/recheck/", views.recheck, name="recheck"),
    path("<int:rect_id>/close/", views.close, name="close"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
