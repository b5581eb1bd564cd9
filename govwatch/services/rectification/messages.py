"""Who is told about a notice and what they read (Chinese), sent through ``services.notify``.

- a new notice → the unit's users (``Membership.notify_url``), the unit's extra contacts (UnitContact)
  and the notice's own extra recipients;
- a response → the operators and the notice's creator;
- an escalation → the bureau admins.
"""

from __future__ import annotations

from collections.abc import Iterable

from govwatch.services import notify
from govwatch.storage.models import Membership
from govwatch.storage.rectify.models import Notification, Rectification, Response, UnitContact

SITE_NAME = "政府网站与政务新媒体监管平台"


def _urls(memberships: Iterable[Membership]) -> list[str]:
    return [m.notify_url for m in memberships if m.notify_url.strip()]


def unit_recipients(rect: Rectification) -> list[str]:
    """The unit's users, its contacts and the notice's extra recipients (apprise URLs, no repeats)."""
    users = _urls(Membership.objects.filter(unit_id=rect.unit_id, role="unit"))
    contacts = [c.notify_url for c in UnitContact.objects.filter(unit_id=rect.unit_id)]
    return list(dict.fromkeys([*users, *contacts, *(str(r) for r in rect.recipients or ())]))


def staff_recipients(rect: Rectification) -> list[str]:
    """The operators and the notice's creator."""
    rows = Membership.objects.filter(role="operator")
    creator = Membership.objects.filter(user_id=rect.created_by_id) if rect.created_by_id else Membership.objects.none()
    return list(dict.fromkeys(_urls([*rows, *creator])))


def admin_recipients() -> list[str]:
    """The bureau admins."""
    return list(dict.fromkeys(_urls(Membership.objects.filter(role="admin"))))


def _lines(rect: Rectification) -> list[str]:
    items = list(rect.items.select_related("finding__site")[:20])
    return [f"{i}. 【{it.finding.site.name}】{it.finding.message}" + (f"（{it.finding.url}）" if it.finding.url else "")
            for i, it in enumerate(items, 1)]


def notify_created(rect: Rectification) -> list[Notification]:
    """Tell the unit about a new notice."""
    title = f"{rect.number} 整改通知"
    body = "\n".join([f"{rect.unit.name}：", f"经监测，贵单位网站存在以下 {rect.items.count()} 个问题，"
                      f"请于 {rect.deadline:%Y年%m月%d日} 前（{rect.working_days} 个工作日内）完成整改，并在{SITE_NAME}反馈整改情况。",
                      *_lines(rect), *([f"整改要求：{rect.note}"] if rect.note else [])])
    return notify.send(unit_recipients(rect), title, body, obj=rect)


def notify_responded(rect: Rectification, response: Response) -> list[Notification]:
    """Tell the operators (and the creator) that the unit answered."""
    title = f"{rect.number} 已收到整改反馈"
    body = (f"{rect.unit.name}（{response.by_name}）于 {response.at:%Y-%m-%d %H:%M} 反馈：\n{response.text[:1000]}\n"
            f"附件 {response.attachments.count()} 个。请及时复查。")
    return notify.send(staff_recipients(rect), title, body, obj=rect)


def notify_escalated(rect: Rectification, unfixed: int) -> list[Notification]:
    """Tell the bureau admins that a notice is overdue with problems still there."""
    title = f"{rect.number} 逾期未整改，已升级"
    body = (f"{rect.unit.name} 的整改通知 {rect.number} 已过整改期限（{rect.deadline:%Y年%m月%d日}），"
            f"复查发现仍有 {unfixed} 个问题未整改，请督办。\n" + "\n".join(_lines(rect)))
    return notify.send(admin_recipients(), title, body, obj=rect)
