"""Duty roster (值班, issue #8 §2): shifts with their people and post, who is on duty now, the shifts of a
week, hand-over notes (交接班) and a reading checklist (读网清单) per shift, created from ``CHECKLIST`` the
first time the shift's checklist is opened. Staff (admins, operators) only; times are aware datetimes,
days and clock times Beijing time. A shift whose end time is not after its start ends the next day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, Actor
from govwatch.storage.desk.models import ChecklistItem, DutyShift, HandoverNote

CHECKLIST: tuple[str, ...] = (
    "门户网站首页、要闻动态是否正常显示、按时更新",
    "通知公告、政策文件栏目最新信息是否准确",
    "互动交流（留言、咨询）是否有待回复或超期留言",
    "政务新媒体账号最新发布内容是否存在错误或敏感表述",
    "国务院、省政府最新重要政策是否需要转载（12 小时内）",
    "平台告警、未结工单及即将超时工单",
)
"""The reading checklist of every shift (值班读网内容; our list, adjust with the bureau)."""
ROLES = dict(DutyShift.Role.choices)


def _staff(actor: Actor) -> None:
    actor.require(ADMIN, OPERATOR)


def _aware(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=CHINA_TZ)


def add_shift(actor: Actor, day: date, start: time, end: time, usernames: list[str], role: str = "reader",
              note: str = "") -> DutyShift:
    """Plan a shift on Beijing ``day`` from ``start`` to ``end`` (next day when ``end`` ≤ ``start``) for
    staff ``usernames`` in post ``role`` (lead/reader/engineer). UsageError on an unknown user, a user
    who is not staff, or an unknown role."""
    _staff(actor)
    if role not in ROLES:
        raise UsageError(f"未知值班岗位 {role!r}：可选 {', '.join(ROLES)}")
    users = _staff_users(usernames)
    starts = _aware(day, start)
    ends = _aware(day + timedelta(days=1) if end <= start else day, end)
    with transaction.atomic():
        shift = DutyShift.objects.create(day=day, starts_at=starts, ends_at=ends, role=role, note=note[:200])
        shift.people.set(users)
    return shift


def _staff_users(usernames: list[str]) -> list[Any]:
    names = [n.strip() for n in usernames if n.strip()]
    if not names:
        raise UsageError("请至少指定一名值班人员")
    users = list(get_user_model().objects.filter(username__in=names, membership__role__in=(ADMIN, OPERATOR)))
    missing = sorted(set(names) - {u.get_username() for u in users})
    if missing:
        raise UsageError(f"以下用户不存在或不是监管方/运维人员：{'、'.join(missing)}")
    return users


def on_duty(actor: Actor, now: datetime | None = None) -> list[DutyShift]:
    """The shifts covering ``now`` (default the current time), people prefetched."""
    _staff(actor)
    moment = now or utcnow()
    return list(DutyShift.objects.filter(starts_at__lte=moment, ends_at__gt=moment).prefetch_related("people"))


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_shifts(actor: Actor, day: date) -> list[DutyShift]:
    """The shifts whose ``day`` falls in ``day``'s week (Mon–Sun), in time order."""
    _staff(actor)
    monday, sunday = week_of(day)
    return list(DutyShift.objects.filter(day__gte=monday, day__lte=sunday).prefetch_related("people"))


def shift(actor: Actor, shift_id: int) -> DutyShift:
    """One shift (DutyShift.DoesNotExist when there is none)."""
    _staff(actor)
    return DutyShift.objects.prefetch_related("people").get(pk=shift_id)


def checklist(actor: Actor, duty: DutyShift) -> list[ChecklistItem]:
    """The shift's reading checklist, created from CHECKLIST on first use."""
    _staff(actor)
    if not duty.checklist.exists():
        ChecklistItem.objects.bulk_create(ChecklistItem(shift=duty, position=i, label=label)
                                          for i, label in enumerate(CHECKLIST, 1))
    return list(duty.checklist.select_related("done_by"))


def tick(actor: Actor, item_id: int, done: bool, note: str = "", now: datetime | None = None) -> ChecklistItem:
    """Mark a checklist item done (or not done again) with an optional note."""
    _staff(actor)
    item = ChecklistItem.objects.get(pk=item_id)
    item.done_at = (now or utcnow()) if done else None
    item.done_by_id = actor.user_id if done else None
    item.note = note.strip()[:300]
    item.save(update_fields=["done_at", "done_by", "note"])
    return item


def hand_over(actor: Actor, duty: DutyShift, text: str, now: datetime | None = None) -> HandoverNote:
    """Write a hand-over note for ``duty``; UsageError when empty."""
    _staff(actor)
    if not text.strip():
        raise UsageError("请填写交接内容")
    return HandoverNote.objects.create(shift=duty, author_id=actor.user_id, at=now or utcnow(), text=text.strip())


def recent_handovers(actor: Actor, limit: int = 10) -> list[HandoverNote]:
    """The latest hand-over notes, newest first."""
    _staff(actor)
    return list(HandoverNote.objects.select_related("shift", "author")[:limit])


@dataclass(frozen=True)
class DayPlan:
    """One day of a week view: the Beijing date and its shifts."""

    day: date
    shifts: tuple[DutyShift, ...]


def week_plan(actor: Actor, day: date) -> list[DayPlan]:
    """Seven DayPlans (Monday first) for ``day``'s week."""
    shifts = week_shifts(actor, day)
    monday, _ = week_of(day)
    days = [monday + timedelta(days=i) for i in range(7)]
    return [DayPlan(d, tuple(s for s in shifts if s.day == d)) for d in days]
