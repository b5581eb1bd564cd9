"""Routes of the ``desk`` area (/desk/): tickets, SLA report, duty roster, contract assessment."""

from django.urls import URLPattern, URLResolver, path

from govwatch.web.desk import views, views_ops

app_name = "desk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ticket_list, name="tickets"),
    path("tickets/new/", views.ticket_new, name="ticket_new"),
    path("tickets/<int:ticket_id>/", views.ticket_page, name="ticket"),
    path("sla/", views_ops.sla_page, name="sla"),
    path("duty/", views_ops.duty_page, name="duty"),
    path("duty/<int:shift_id>/", views_ops.shift_page, name="shift"),
    path("contract/", views_ops.contract_page, name="contract"),
]
