"""Views of the list pages (issue #4 §1): sites, units and a unit, new-media accounts and an account."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govwatch.services import dashboard
from govwatch.services.access import Actor
from govwatch.web.pages.guard import fleet_view

PLATFORMS = [("", "全部平台"), ("wechat", "微信"), ("weibo", "微博"), ("douyin", "抖音"), ("app", "政务APP"),
             ("other", "其他")]


@fleet_view
def site_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The actor's sites with this quarter's verdict and open findings, 100 a page."""
    page = Paginator(dashboard.sites(actor), 100).get_page(request.GET.get("page"))
    return render(request, "pages/sites.html", {"page": page})


@fleet_view
def unit_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The units the actor may see (a unit user: only their own)."""
    return render(request, "pages/units.html", {"units": dashboard.units(actor)})


@fleet_view
def unit_detail(request: HttpRequest, actor: Actor, unit_id: int) -> HttpResponse:
    """A unit's sites, accounts and open findings; 404 outside the actor's scope."""
    return render(request, "pages/unit.html", {"p": dashboard.unit_page(actor, unit_id)})


@fleet_view
def account_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The actor's new-media accounts, optionally one platform, 100 a page."""
    platform = request.GET.get("platform", "")
    platform = platform if platform in dict(PLATFORMS) else ""
    page = Paginator(dashboard.accounts(actor, platform), 100).get_page(request.GET.get("page"))
    return render(request, "pages/accounts.html", {"page": page, "platforms": PLATFORMS, "platform": platform})


@fleet_view
def account_detail(request: HttpRequest, actor: Actor, account_id: int) -> HttpResponse:
    """An account's findings, collection runs and post counts; 404 outside the actor's scope."""
    page = dashboard.account_page(actor, account_id)
    chart = {"months": [m for m, _ in page.months], "posts": [n for _, n in page.months]}
    return render(request, "pages/account.html", {"p": page, "charts": {"posts": chart}})
