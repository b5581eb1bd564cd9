"""URL configuration: the Chinese admin for now; the dashboard comes with issue #4."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "政府网站与政务新媒体监管平台"
admin.site.site_title = "govwatch 管理"
admin.site.index_title = "登记与监测数据管理"

urlpatterns = [path("admin/", admin.site.urls)]
