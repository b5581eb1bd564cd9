"""Views of the publication ledger (issue #8 §3): the ledger list, hand entry, post-publish changes, export
(audited), the column responsibility table and the daily cross-check list. Every query goes through the
Actor (services.ledger); proofreaders and outsiders get 403."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govwatch.core.clock import CHINA_TZ, today_in_china
from govwatch.services.access import Actor, audit
from govwatch.services.errors import UsageError
from govwatch.services.ledger import crosscheck as crosscheck_service
from govwatch.services.ledger import duties as duty_service
from govwatch.services.ledger import export, publications
from govwatch.web.ledger.forms import ChangeForm, DutyForm, PublicationForm
from govwatch.web.ledger.guard import client_ip, int_param, ledger_view

KINDS = [("", "全部类型"), ("normal", "普通信息"), ("topic", "专题"), ("graphic", "政策图解")]


def _filters(request: HttpRequest) -> dict[str, object]:
    kind = request.GET.get("kind", "")
    return {"site_id": int_param(request, "site"), "year": int_param(request, "year", maximum=9999),
            "kind": kind if kind in dict(KINDS) else "", "query": request.GET.get("q", "").strip()[:100]}


@ledger_view
def publication_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The ledger rows the actor may see, filtered by site/year/kind/title, 100 a page."""
    filters = _filters(request)
    qs = publications.visible_publications(actor, **filters)  # type: ignore[arg-type]
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "ledger/publications.html", {
        "page": page, "filters": filters, "kinds": KINDS, "sites": actor.sites().order_by("name"),
        "query": request.GET.urlencode()})


@ledger_view
def publication_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Hand entry form (GET) and creation (POST)."""
    form = PublicationForm(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pub = publications.enter_publication(actor, publications.PublicationInput(
                site_id=data["site"], title=data["title"], published_at=data["published_at"],
                column_name=data["column_name"], url=data["url"], source_unit=data["source_unit"],
                editor=data["editor"], reviewer=data["reviewer"], kind=data["kind"]))
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            audit(actor, "create", pub, f"登记信息：{pub.title}", client_ip(request))
            messages.success(request, "已登记")
            return redirect("ledger:publications")
    return render(request, "ledger/publication_form.html", {"form": form})


@ledger_view
def publication_edit(request: HttpRequest, actor: Actor, pub_id: int) -> HttpResponse:
    """A row with its change history; POST records the post-publish changes."""
    pub = publications.visible_publications(actor).filter(pk=pub_id).first()
    if pub is None:
        raise Http404("没有该信息")
    initial = {f: getattr(pub, f) for f in ("title", "column_name", "url", "source_unit", "editor", "reviewer", "kind")}
    form = ChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            changes = publications.change_publication(actor, pub.pk, data, note)
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            if changes:
                audit(actor, "change", pub, "修改：" + "、".join(c.field for c in changes), client_ip(request))
            messages.success(request, f"已记录 {len(changes)} 项修改")
            return redirect("ledger:publication_edit", pub_id=pub.pk)
    return render(request, "ledger/publication_edit.html", {"pub": pub, "form": form,
                                                            "changes": pub.changes.select_related("changed_by")})


@ledger_view
def publication_export(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    """The filtered ledger as CSV or xlsx; audited (export)."""
    filters = _filters(request)
    table = export.rows(publications.visible_publications(actor, **filters))  # type: ignore[arg-type]
    audit(actor, "export", None, f"导出信息发布台账（{fmt}，{len(table)} 条）", client_ip(request),
          object_type="ledger.publication")
    stamp = datetime.now(CHINA_TZ).strftime("%Y%m%d")
    if fmt == "csv":
        response = HttpResponse(export.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(export.to_xlsx(table), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f"attachment; filename=ledger-{stamp}.{fmt}"
    return response


@ledger_view
def duty_table(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The column responsibility table, the columns without a row, and the form to add/update a row."""
    form = DutyForm(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = duty_service.save_duty(actor, duty_service.DutyInput(
                d["site"], d["column_name"], d["unit"], d["person"], d["contact"], d["note"]))
        except UsageError as exc:
            form.add_error(None, str(exc))
        else:
            audit(actor, "change", row, f"栏目责任分工：{row.column_name} → {row.unit.name} {row.person}",
                  client_ip(request))
            return redirect("ledger:duties")
    site_id = int_param(request, "site")
    return render(request, "ledger/duties.html", {
        "rows": duty_service.visible_duties(actor, site_id), "form": form,
        "gaps": duty_service.columns_without_duty(actor, site_id)})


@require_POST
@ledger_view
def duty_delete(request: HttpRequest, actor: Actor, duty_id: int) -> HttpResponse:
    """Delete a row (POST); 403 outside the actor's own sites."""
    duty_service.delete_duty(actor, duty_id)
    audit(actor, "delete", None, f"删除栏目责任分工 #{duty_id}", client_ip(request),
          object_type="ledger.columnduty", object_id=str(duty_id))
    return redirect("ledger:duties")


@ledger_view
def crosscheck(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The daily cross-check list of one Beijing day (``?day=YYYY-MM-DD``, default today)."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today_in_china()
    rows = crosscheck_service.crosscheck(actor, day, int_param(request, "site"))
    return render(request, "ledger/crosscheck.html", {"rows": rows, "day": day,
                                                      "problems": sum(not r.ok for r in rows)})
