"""The 政府网站工作年度报表 from the platform's data (issue #8 §5).

Computed (the year is the Beijing-time calendar year):
- 信息发布: ledger rows of the site published in the year; by their column's type — 概况类 ``overview``,
  政务动态 ``news``, 信息公开目录 ``DISCLOSURE_TYPES``;
- 专栏专题: 专题 rows published in the year (新开设) and up to its end (维护);
- 解读回应: rows in interpretation columns (解读材料) + 政策图解 rows (解读产品);
- 互动交流: messages seen and answered, surveys and interviews, from the evidence of the last
  ``interaction.activities`` finding seen in the year (the check's one-year window before that scan);
- 安全防护: scans finished in the year, ``security.*`` findings first seen in the year, those resolved;
- 移动新媒体: the unit's active accounts by platform, their posts published in the year.
Everything else is left for manual entry (fields.FIELDS says which).

Access: admin and operator for every site, a unit user for their own unit's sites (AccessDenied otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.reports.annual.docx import render_annual_docx
from govwatch.reports.annual.fields import BY_KEY, clean_entry
from govwatch.reports.annual.model import AnnualForm, build_form
from govwatch.reports.annual.xlsx import write_annual_xlsx
from govwatch.services.access import AccessDenied, Actor
from govwatch.services.errors import UsageError
from govwatch.services.ledger.publications import require_ledger, year_start
from govwatch.storage.ledger.models import AnnualReport, Publication
from govwatch.storage.models import Account, Finding, Post, ScanRun, Site

DISCLOSURE_TYPES = ("policy", "notice", "personnel", "plan", "statistics")
PLATFORM_LABELS = {"wechat": "微信", "weibo": "微博", "douyin": "抖音", "app": "政务APP"}
KIND_LABELS = {"portal": "门户网站", "department": "部门网站"}


def _in_year(qs: QuerySet[Any], field: str, year: int) -> QuerySet[Any]:
    return qs.filter(**{f"{field}__gte": year_start(year), f"{field}__lt": year_start(year + 1)})


def publication_values(site: Site, year: int) -> dict[str, int]:
    """信息发布, 专栏专题 and 解读回应 counts from the ledger."""
    pubs = _in_year(Publication.objects.filter(site=site), "published_at", year)
    topics = Publication.objects.filter(site=site, kind=Publication.Kind.TOPIC)
    materials = pubs.filter(column__type="interpretation", kind=Publication.Kind.NORMAL).count()
    products = pubs.filter(kind=Publication.Kind.GRAPHIC).count()
    return {
        "pub_total": pubs.count(), "pub_overview": pubs.filter(column__type="overview").count(),
        "pub_news": pubs.filter(column__type="news").count(),
        "pub_disclosure": pubs.filter(column__type__in=DISCLOSURE_TYPES).count(),
        "topics_new": _in_year(topics, "published_at", year).count(),
        "topics_maintained": topics.filter(published_at__lt=year_start(year + 1)).count(),
        "interp_total": materials + products, "interp_materials": materials, "interp_products": products,
    }


def interaction_values(site: Site, year: int) -> dict[str, int]:
    """留言/征集调查/在线访谈 counts of the last interaction.activities finding seen in the year ({} if none)."""
    row = _in_year(Finding.objects.filter(site=site, code="interaction.activities"), "last_seen", year) \
        .order_by("-last_seen").first()
    if row is None:
        return {}
    ev = row.evidence or {}
    keys = {"msg_received": "messages", "msg_done": "answered", "survey_rounds": "survey",
            "interview_rounds": "interview"}
    return {field: int(ev[name]) for field, name in keys.items() if isinstance(ev.get(name), int)}


def security_values(site: Site, year: int) -> dict[str, int]:
    """Scans finished, security findings found and resolved in the year."""
    runs = _in_year(ScanRun.objects.filter(site=site, status=ScanRun.Status.DONE), "finished_at", year)
    found = _in_year(Finding.objects.filter(site=site, code__startswith="security."), "first_seen", year)
    return {"sec_checks": runs.count(), "sec_found": found.count(),
            "sec_fixed": found.filter(status=Finding.Status.RESOLVED).count()}


def newmedia_values(site: Site, year: int) -> dict[str, object]:
    """The unit's active accounts by platform and their posts published in the year."""
    accounts = list(Account.objects.filter(unit_id=site.unit_id, active=True).order_by("platform", "name"))
    posts = _in_year(Post.objects.filter(account__in=accounts), "published_at", year)
    out: dict[str, object] = {"has_newmedia": bool(accounts)}
    for platform in ("weibo", "wechat"):
        mine = [a for a in accounts if a.platform == platform]
        if mine:
            out[f"{platform}_names"] = "、".join(a.name for a in mine)
            out[f"{platform}_posts"] = posts.filter(account__platform=platform).count()
    others = [a for a in accounts if a.platform not in ("weibo", "wechat")]
    if others:
        out["newmedia_other"] = "、".join(
            f"{PLATFORM_LABELS.get(a.platform, a.platform)}：{a.name}（发布 {posts.filter(account=a).count()} 条）"
            for a in others)
    return out


def compute_values(site: Site, year: int) -> dict[str, object]:
    """Every field the platform can give for ``site`` and ``year`` (field key → int/bool/str)."""
    values: dict[str, object] = {
        "site_name": site.name, "home_url": site.home_url, "unit": site.unit.name,
        "site_kind": KIND_LABELS.get(site.kind, site.kind), "site_id_code": site.site_id_code,
    }
    for part in (publication_values, interaction_values, security_values, newmedia_values):
        values.update(part(site, year))
    return values


def find_sites(actor: Actor, selector: str = "") -> list[Site]:
    """The visible sites named ``selector`` or with that home URL; every active portal when it is ''.
    UsageError when nothing matches."""
    sites = actor.sites().select_related("unit").order_by("name")
    if selector:
        sites = sites.filter(Q(name=selector) | Q(home_url=selector) | Q(home_url=selector.rstrip("/") + "/"))
    else:
        sites = sites.filter(active=True, kind=Site.Kind.PORTAL)
    found = list(sites)
    if not found:
        raise UsageError(f"没有找到网站：{selector}" if selector else "没有监测中的门户网站")
    return found


def _site_for(actor: Actor, site_id: int) -> Site:
    require_ledger(actor)
    site = actor.sites().select_related("unit").filter(pk=site_id).first()
    if site is None:
        raise AccessDenied("无权查看该网站的年度报表（不属于本单位或不存在）")
    return site


def refresh_report(actor: Actor, site_id: int, year: int, now: datetime | None = None) -> AnnualReport:
    """Compute the year's values for the site and store them (manual entries kept); returns the row."""
    site = _site_for(actor, site_id)
    if not 2000 <= year <= 2100:
        raise UsageError(f"年度不正确：{year}")
    report, _ = AnnualReport.objects.get_or_create(site=site, year=year)
    report.values, report.computed_at = compute_values(site, year), now or utcnow()
    report.save(update_fields=["values", "computed_at", "updated_at"])
    return report


def visible_reports(actor: Actor) -> QuerySet[AnnualReport]:
    """The annual reports the actor may see, newest year first."""
    require_ledger(actor)
    return actor.scope(AnnualReport.objects.select_related("site", "site__unit"), "site__unit_id") \
        .order_by("-year", "site__name")


def save_manual(actor: Actor, report_id: int, entries: Mapping[str, str], final: bool | None = None) -> AnnualReport:
    """Store manual entries (field key → text; '' clears an entry) and optionally mark the report final or
    draft. Entries are checked per field kind (reports.annual.fields.clean_entry: counts whole numbers,
    durations decimals, both bounded); UsageError naming every bad field (nothing saved) or an unknown
    field key; AccessDenied for another unit's report."""
    report = visible_reports(actor).filter(pk=report_id).first()
    if report is None:
        raise AccessDenied("无权填报该年度报表（不属于本单位或不存在）")
    unknown = sorted(set(entries) - set(BY_KEY))
    if unknown:
        raise UsageError(f"未知填报项：{'、'.join(unknown)}")
    manual, errors = dict(report.manual or {}), []
    for key, text in entries.items():
        try:
            value = clean_entry(BY_KEY[key], text or "")
        except UsageError as exc:
            errors.append(str(exc))
            continue
        if value:
            manual[key] = value
        else:
            manual.pop(key, None)
    if errors:
        raise UsageError("填报内容有误，未保存：" + "；".join(errors))
    report.manual, report.updated_by_id = manual, actor.user_id
    if final is not None:
        report.status = AnnualReport.Status.FINAL if final else AnnualReport.Status.DRAFT
    report.save(update_fields=["manual", "updated_by", "status", "updated_at"])
    return report


def annual_form(report: AnnualReport) -> AnnualForm:
    """The report as the renderers' frozen form."""
    generated = report.computed_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if report.computed_at else ""
    return build_form(report.year, report.site.name, report.site.unit.name, generated,
                      report.get_status_display(), report.values or {}, report.manual or {})


def file_stem(report: AnnualReport) -> str:
    """``{site}{year}年政府网站工作年度报表`` with path separators removed."""
    return annual_form(report).title.replace("/", "_").replace("\\", "_")


def write_files(report: AnnualReport, out_dir: Path) -> dict[str, Path]:
    """Render the report as docx and xlsx into ``out_dir``; returns {'docx': path, 'xlsx': path}."""
    form, stem = annual_form(report), file_stem(report)
    return {"docx": render_annual_docx(form, out_dir / f"{stem}.docx"),
            "xlsx": write_annual_xlsx(form, out_dir / f"{stem}.xlsx")}
