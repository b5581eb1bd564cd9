"""Views of the deliverable plan (专题/图解 counters), the reprint watch list and the annual report
(issue #8 §3–§5); downloads audited, every query through the Actor."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govwatch.core.clock import today_in_china, utcnow
from govwatch.reports.annual.fields import FIELDS, SECTIONS
from govwatch.services.access import Actor, audit
from govwatch.services.errors import UsageError
from govwatch.services.ledger import annual, deliverables, reprints, watchlist
from govwatch.web.ledger.forms import AnnualForm, PlanForm, SourceForm
from govwatch.web.ledger.guard import client_ip, int_param, ledger_view

STATUSES = [("", "全部"), ("pending", "待转载"), ("overdue", "超时未转载"), ("reprinted", "已转载")]


@ledger_view
def deliverable_plan(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Counters 专题 ≥ 12 / 图解 ≥ 20 for a year (``?year=``) with the month plan; POST saves a plan."""
    today = today_in_china()
    year = int_param(request, "year", today.year, maximum=9999) or today.year
    form = PlanForm(actor, request.POST or None, initial={"year": year, "target": 12})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = deliverables.save_plan(actor, d["site"], d["year"], d["kind"], d["target"],
                                          deliverables.parse_items(d["items"]))
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            audit(actor, "change", plan, f"{d['year']}年{plan.get_kind_display()}计划：目标 {plan.target}",
                  client_ip(request))
            return redirect(f"{request.path}?year={d['year']}")
    counters = deliverables.counters(actor, year, today, int_param(request, "site"))
    return render(request, "ledger/deliverables.html", {"counters": counters, "year": year, "form": form,
                                                        "months": range(1, 13)})


@ledger_view
def reprint_watch(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Sources, items with status and time left; POST (admin/operator) adds or updates a source."""
    form = SourceForm(actor, request.POST or None,
                      initial={"deadline_hours": 12, "filter_words": "，".join(reprints.DEFAULT_FILTER_WORDS)})
    if request.method == "POST":
        actor.require("admin", "operator")
        if form.is_valid():
            d = form.cleaned_data
            try:
                source = watchlist.save_source(actor, watchlist.SourceInput(
                    d["site"], d["name"], d["url"], d["kind"], watchlist.parse_words(d["filter_words"]),
                    d["deadline_hours"]))
            except UsageError as exc:
                form.add_error(None, str(exc))
            else:
                audit(actor, "change", source, f"转载监测来源：{source.name}", client_ip(request))
                return redirect("ledger:reprints")
    status = request.GET.get("status", "")
    status = status if status in dict(STATUSES) else ""
    now = utcnow()
    items = [(item, watchlist.time_left(item, now)) for item in watchlist.visible_items(actor, status)[:300]]
    return render(request, "ledger/reprints.html", {
        "sources": watchlist.visible_sources(actor), "items": items, "statuses": STATUSES, "status": status,
        "form": form if actor.is_staff_side else None})


@ledger_view
def annual_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The visible annual reports; POST computes (or recomputes) one for a site and year."""
    form = AnnualForm(actor, request.POST or None, initial={"year": today_in_china().year - 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = annual.refresh_report(actor, d["site"], d["year"])
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            audit(actor, "change", report, f"统计{report.year}年度报表", client_ip(request))
            return redirect("ledger:annual_detail", report_id=report.pk)
    return render(request, "ledger/annual_list.html", {"reports": annual.visible_reports(actor), "form": form})


def _manual_entries(request: HttpRequest) -> dict[str, str]:
    return {f.key: request.POST.get(f"f_{f.key}", "") for f in FIELDS if f"f_{f.key}" in request.POST}


@ledger_view
def annual_detail(request: HttpRequest, actor: Actor, report_id: int) -> HttpResponse:
    """The form with computed values and the manual-entry inputs; POST saves the entries."""
    report = annual.visible_reports(actor).filter(pk=report_id).first()
    if report is None:
        raise Http404("没有该年度报表")
    error = ""
    if request.method == "POST":
        final = {"final": True, "draft": False}.get(request.POST.get("status", ""))
        try:
            report = annual.save_manual(actor, report.pk, _manual_entries(request), final)
        except UsageError as exc:
            error = str(exc)
        else:
            audit(actor, "change", report, f"填报{report.year}年度报表", client_ip(request))
            return redirect("ledger:annual_detail", report_id=report.pk)
    form = annual.annual_form(report)
    return render(request, "ledger/annual_detail.html", {"report": report, "form": form, "error": error,
                                                         "sections": SECTIONS, "manual": report.manual or {}})


@ledger_view
def annual_download(request: HttpRequest, actor: Actor, report_id: int, fmt: str) -> HttpResponse:
    """The report as docx or xlsx; audited (download)."""
    report = annual.visible_reports(actor).filter(pk=report_id).first()
    if report is None or fmt not in ("docx", "xlsx"):
        raise Http404("没有该年度报表")
    with TemporaryDirectory(prefix="govwatch-annual-") as tmp:
        path: Path = annual.write_files(report, Path(tmp))[fmt]
        data = path.read_bytes()
    audit(actor, "download", report, f"下载{report.year}年度报表（{fmt}）", client_ip(request))
    return FileResponse(iter([data]), as_attachment=True, filename=path.name)
