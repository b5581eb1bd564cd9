"""Views of the fleet pages (issue #4 §1): overview, site, findings list and its exports, report files.
Each view checks permissions through the Actor (guard.fleet_view), calls one service and renders."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from govwatch.services import dashboard
from govwatch.services.access import Actor
from govwatch.storage.dashboard_queries import DayTally
from govwatch.web.errors import error_response
from govwatch.web.pages.forms import FindingFilterForm
from govwatch.web.pages.guard import client_ip, fleet_view

VERDICT_CARDS = (("合格", "pass"), ("不合格", "fail"), ("无法判定", "unknown"), ("未评分", "none"))


def _series(days: list[DayTally]) -> dict[str, Any]:
    return {"days": [d.day.strftime("%m-%d") for d in days], "percent": [d.percent for d in days],
            "seconds": [d.mean_seconds for d in days], "failures": [d.failures for d in days]}


@fleet_view
def overview(request: HttpRequest, actor: Actor) -> HttpResponse:
    """总览 at /: the quarter's verdicts, vetoes, 7-day availability, trend, ranking, open findings."""
    data = dashboard.overview(actor)
    cards = [(label, css, data.counts.get(label, 0)) for label, css in VERDICT_CARDS]
    charts = {"availability": _series(data.availability),
              "trend": {"periods": [t.period for t in data.trend], "passed": [t.passed for t in data.trend],
                        "failed": [t.failed for t in data.trend], "vetoed": [t.vetoed for t in data.trend]}}
    return render(request, "pages/overview.html", {"o": data, "cards": cards, "charts": charts})


@fleet_view
def ranking(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The full ranking of the quarter the overview shows, by level and kind (vetoed last)."""
    period, groups = dashboard.ranking(actor)
    return render(request, "pages/ranking.html", {"period": period, "groups": groups})


@fleet_view
def site_detail(request: HttpRequest, actor: Actor, site_id: int) -> HttpResponse:
    """A site's page; ``?days=30`` for a month of probes (7 by default). 404 outside the actor's scope."""
    days = 30 if request.GET.get("days") == "30" else 7
    page = dashboard.site_page(actor, site_id, days)
    return render(request, "pages/site.html", {"p": page, "days": days, "charts": {"probes": _series(page.probe_days)},
                                               "rectify_url": _rectify_url()})


def _rectify_url() -> str:
    """The rectification area's create URL when that route exists (built by another area), else ''."""
    try:
        return reverse("rectify:create")
    except NoReverseMatch:
        return ""


def _unit_choices(actor: Actor) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in actor.units().only("id", "name").order_by("name")]


@fleet_view
def findings(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The findings list with filters (GET), paginated; an htmx request gets only the results part."""
    dashboard.require_fleet(actor)
    form = FindingFilterForm(actor, _unit_choices(actor), request.GET)
    filter_errors = form.filter_errors()  # a bad filter is named and matches nothing, never dropped
    page = (Paginator([], 50).get_page(1) if filter_errors
            else dashboard.findings_page(actor, form.query(), request.GET.get("page")))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query_string": params.urlencode(), "rectify_url": _rectify_url(),
               "filter_errors": filter_errors}
    htmx = bool(request.headers.get("HX-Request"))
    template = "pages/_findings_results.html" if htmx else "pages/findings.html"
    return render(request, template, context, status=400 if filter_errors and not htmx else 200)


@fleet_view
def findings_export(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    """The filtered findings list as xlsx or csv (audited)."""
    dashboard.require_fleet(actor)
    form = FindingFilterForm(actor, _unit_choices(actor), request.GET)
    filter_errors = form.filter_errors()
    if filter_errors:
        return error_response(request, "errors/400.html", 400, "；".join(filter_errors) + "。未导出。")
    download = dashboard.export_findings(actor, form.query(), fmt, ip=client_ip(request))
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download.filename)}"
    return response


@fleet_view
def report_file(request: HttpRequest, actor: Actor, run_id: int, name: str) -> FileResponse:
    """A stored report file of a scan run (audited); 404 outside the actor's scope."""
    path, filename = dashboard.download_report(actor, run_id, name, ip=client_ip(request))
    return FileResponse(path.open("rb"), as_attachment=not filename.endswith(".html"), filename=filename)

