"""Use cases of a 整改通知: create from findings, list and read (scoped), respond, close.

Creation decision: the selected findings may belong to several units; ONE NOTICE PER UNIT is created
(a notice is addressed to one 主办单位), each with the same deadline and note. A finding that is resolved,
not visible to the actor, or already in an unfinished notice is refused (UsageError naming it), so one
problem is never chased twice at once. Numbers are 整改〔YYYY〕第N号, N counting per year (China date).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from govwatch.core.clock import utcnow
from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, Actor, audit
from govwatch.services.persist import china_day
from govwatch.services.rectification import messages
from govwatch.services.rectification import states as st
from govwatch.services.rectification.history import record, set_status
from govwatch.services.rectification.uploads import Upload, check_all, short_name
from govwatch.services.rectification.workdays import DEFAULT_WORKING_DAYS, add_working_days
from govwatch.storage.models import Finding
from govwatch.storage.rectify.models import Attachment, Rectification, RectificationItem, Response


class NotFound(UsageError):
    """No such notice, or not visible to this user (the web answers 404 either way)."""


def visible(actor: Actor) -> QuerySet[Rectification]:
    """The notices ``actor`` may see: all for staff, the unit's own for a unit user, none otherwise."""
    return actor.scope(Rectification.objects.select_related("unit", "created_by"), "unit_id")


def get(actor: Actor, rect_id: int) -> Rectification:
    """One visible notice or NotFound."""
    rect = visible(actor).filter(pk=rect_id).first()
    if rect is None:
        raise NotFound(f"整改通知 {rect_id} 不存在或无权查看")
    return rect


def overdue(actor: Actor, now: datetime | None = None) -> QuerySet[Rectification]:
    """Unfinished visible notices whose deadline (China date) has passed, oldest deadline first."""
    today = china_day(now or utcnow())
    return visible(actor).filter(status__in=st.ACTIVE, deadline__lt=today).order_by("deadline", "id")


def _next_number(year: int) -> tuple[int, str]:
    seq = (Rectification.objects.filter(year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    return seq, f"整改〔{year}〕第{seq}号"


def pick_findings(actor: Actor, finding_ids: Sequence[int]) -> list[Finding]:
    """The selected findings, checked (see module docstring); UsageError naming the refused ones."""
    wanted = sorted({int(i) for i in finding_ids})
    if not wanted:
        raise UsageError("请至少选择一个问题")
    rows = {f.pk: f for f in actor.findings(Finding.objects.select_related("site__unit")).filter(pk__in=wanted)}
    missing = [i for i in wanted if i not in rows or rows[i].status != Finding.Status.OPEN]
    if missing:
        raise UsageError(f"以下问题不存在、已解决或无权访问：{', '.join(map(str, missing))}")
    busy = RectificationItem.objects.filter(finding_id__in=wanted, rectification__status__in=st.ACTIVE,
                                            status__in=("open", "unfixed")).select_related("rectification")
    if busy:
        taken = "；".join(f"问题 {i.finding_id}（{i.rectification.number}）" for i in busy)
        raise UsageError(f"以下问题已在未办结的整改通知中：{taken}")
    orphans = [f.pk for f in rows.values() if f.site.unit_id is None]
    if orphans:
        raise UsageError(f"以下问题所属网站未登记主办单位，无法下发整改通知：{', '.join(map(str, orphans))}")
    return [rows[i] for i in wanted]


def _create_one(actor: Actor, unit_id: int, findings: list[Finding], working_days: int, note: str,
                recipients: list[str], now: datetime, ip: str | None) -> Rectification:
    deadline = add_working_days(china_day(now), working_days)
    for _ in range(5):  # two creators may race for a number: the unique constraint decides, retry
        seq, number = _next_number(china_day(now).year)
        try:
            with transaction.atomic():
                rect = Rectification.objects.create(
                    year=china_day(now).year, seq=seq, number=number, unit_id=unit_id, created_by_id=actor.user_id,
                    created_at=now, working_days=working_days, deadline=deadline.day, note=note, recipients=recipients)
                RectificationItem.objects.bulk_create(RectificationItem(rectification=rect, finding=f) for f in findings)
                estimate = "（节假日安排未公布，按周末推算）" if deadline.estimated else ""
                record(actor, rect, "create", f"下发整改通知，{len(findings)} 个问题，整改期限 {working_days} 个工作日，"
                       f"截止 {deadline.day:%Y-%m-%d}{estimate}", now, after=st.OPEN, audit_action="create", ip=ip)
            return rect
        except IntegrityError:
            continue
    raise UsageError("整改通知编号冲突，请重试")


def create(actor: Actor, finding_ids: Sequence[int], *, working_days: int = DEFAULT_WORKING_DAYS, note: str = "",
           recipients: Sequence[str] = (), now: datetime | None = None, ip: str | None = None) -> list[Rectification]:
    """Create notices from the selected findings (staff only; one per unit, see module docstring), tell each
    unit, and return them. Raises AccessDenied, UsageError (bad selection), ValueError (bad working days)."""
    actor.require(ADMIN, OPERATOR)
    add_working_days(china_day(now or utcnow()), working_days)  # validates 1–60 before anything is written
    findings = pick_findings(actor, finding_ids)
    by_unit: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        by_unit[int(f.site.unit_id)].append(f)
    moment = now or utcnow()
    extra = [r.strip() for r in recipients if r.strip()]
    notices = [_create_one(actor, unit_id, rows, working_days, note.strip(), extra, moment, ip)
               for unit_id, rows in sorted(by_unit.items())]
    for rect in notices:
        messages.notify_created(rect)
    return notices


def respond(actor: Actor, rect_id: int, text: str, uploads: Sequence[Upload] = (), *,
            now: datetime | None = None, ip: str | None = None) -> Response:
    """The unit answers its notice with ``text`` and files (see uploads.check). Only a user of the notice's
    unit may answer (others: NotFound, as if it did not exist); a closed notice takes no answer.
    Raises NotFound, UsageError (empty text, closed, bad file)."""
    rect = get(actor, rect_id)
    if not actor.is_unit:
        raise NotFound(f"整改通知 {rect_id} 不存在或无权反馈")
    if not text.strip():
        raise UsageError("请填写整改情况说明")
    if rect.status == st.CLOSED:
        raise UsageError(f"{rect.number} 已办结，不能再反馈")
    kinds = check_all(list(uploads))
    moment = now or utcnow()
    with transaction.atomic():
        response = Response.objects.create(rectification=rect, text=text.strip(), by_id=actor.user_id,
                                           by_name=actor.username, at=moment)
        for upload, kind in zip(uploads, kinds, strict=True):
            attachment = Attachment(response=response, name=short_name(upload.name), size=len(upload.data), kind=kind,
                                    sha256=hashlib.sha256(upload.data).hexdigest())
            attachment.file.save(f"{rect.pk}-{response.pk}.{kind}", ContentFile(upload.data), save=True)
        summary = f"提交整改反馈（附件 {len(kinds)} 个）"
        if rect.status in (st.OPEN, st.ESCALATED):
            set_status(actor, rect, st.RESPONDED, summary, moment, ip=ip)
        else:
            record(actor, rect, "respond", summary, moment, before=rect.status, after=rect.status, ip=ip)
    messages.notify_responded(rect, response)
    return response


def close(actor: Actor, rect_id: int, reason: str = "", *, now: datetime | None = None,
          ip: str | None = None) -> Rectification:
    """Staff close a notice by hand (e.g. the answer is accepted); items keep their status."""
    actor.require(ADMIN, OPERATOR)
    rect = get(actor, rect_id)
    if rect.status == st.CLOSED:
        raise UsageError(f"{rect.number} 已办结")
    set_status(actor, rect, st.CLOSED, f"人工办结{('：' + reason.strip()) if reason.strip() else ''}",
               now or utcnow(), ip=ip)
    return rect


def attachment(actor: Actor, attachment_id: int, ip: str | None = None) -> Attachment:
    """An attachment of a visible notice (NotFound otherwise); the download is audited."""
    row = Attachment.objects.select_related("response__rectification").filter(pk=attachment_id).first()
    if row is None or not visible(actor).filter(pk=row.response.rectification_id).exists():
        raise NotFound(f"附件 {attachment_id} 不存在或无权下载")
    audit(actor, "download", row, summary=f"{row.response.rectification.number}：下载附件 {row.name}", ip=ip)
    return row
