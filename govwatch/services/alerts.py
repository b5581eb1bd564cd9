"""Use cases: which new or confirmed findings notify whom (告警规则), and delivering the due alerts.

Alert rules are settings, not code (issue #3 §5): an AlertRule names a finding-code prefix, optionally one
unit, the recipients (apprise URLs) and quiet hours (Beijing time). ``alerts_for`` stores one Alert per
finding and recipient, due at once or, inside quiet hours, when they end. ``deliver_due`` sends what is
due, one message per recipient, through a ``sender`` callable (``apprise_sender()`` when apprise is
installed); a failed send is retried with back-off and given up after ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from govwatch.core.clock import CHINA_TZ, utcnow
from govwatch.core.errors import GovwatchError
from govwatch.storage import alert_queries as q
from govwatch.storage.models import Alert, AlertRule, Finding

Sender = Callable[[str, str, str], bool]
"""(recipient apprise URL, title, body) → True when delivered; an exception counts as a failure."""

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=5)
MAX_LINES = 50
NEW, CONFIRMED = "new", "confirmed"  # Alert.Event values
EVENT_NAMES = {NEW: "新发现", CONFIRMED: "确认不可用"}


def quiet_release(now: datetime, start: time | None, end: time | None, tz: tzinfo = CHINA_TZ) -> datetime:
    """When an alert raised at ``now`` may be sent under quiet hours [start, end) in ``tz``: ``now`` when
    outside them (or none are set, or start == end), else the next ``end``. A window may span midnight:
    with 22:00–07:00 an alert at 23:00 is due at 07:00 the next morning, one at 06:00 at 07:00 that day."""
    if start is None or end is None or start == end:
        return now
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    overnight = start > end
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return now
    day = local.date() + timedelta(days=1) if overnight and clock >= start else local.date()
    return datetime.combine(day, end, tzinfo=tz)


def event_of(finding: Finding) -> str | None:
    """The alert event a finding stands for: 'confirmed' for a confirmed dead link, 'new' for a finding
    without certainty; None for a suspected one (it waits for confirmation) or a resolved one."""
    if finding.status != Finding.Status.OPEN or finding.certainty == Finding.Certainty.SUSPECTED:
        return None
    return CONFIRMED if finding.certainty == Finding.Certainty.CONFIRMED else NEW


def matches(rule: AlertRule, finding: Finding) -> bool:
    """True when ``rule`` covers ``finding``: its code starts with the rule's prefix ('' = every code) and
    the rule has no unit or the finding's site belongs to it."""
    return finding.code.startswith(rule.code_prefix) and (rule.unit_id is None or rule.unit_id == finding.site.unit_id)


def _specific_first(rules: Sequence[AlertRule]) -> list[AlertRule]:
    """Unit rules before fleet-wide ones, longer prefixes first: a recipient named by several rules is
    alerted once, under the most specific rule (its quiet hours apply)."""
    return sorted(rules, key=lambda r: (r.unit_id is None, -len(r.code_prefix), r.id))


def alerts_for(findings: Sequence[Finding], now: datetime | None = None) -> list[Alert]:
    """Store the alerts owed for ``findings`` (storage Finding rows just created or just confirmed) and
    return those created by this call: one per finding, recipient and event, due at ``now`` or at the end
    of the matching rule's quiet hours. Suspected and resolved findings notify nobody. Re-running with
    the same findings creates nothing new."""
    moment = now or utcnow()
    rules = _specific_first(q.enabled_rules())
    loaded = q.findings_with_sites(f.id for f in findings)
    wanted: list[q.NewAlert] = []
    for finding in loaded:
        event = event_of(finding)
        if event is None:
            continue
        seen: set[str] = set()
        for rule in (r for r in rules if matches(r, finding)):
            for recipient in (str(x) for x in rule.recipients or () if str(x) not in seen):
                seen.add(recipient)
                wanted.append(q.NewAlert(finding.id, rule.id, recipient, event, moment,
                                         quiet_release(moment, rule.quiet_start, rule.quiet_end)))
    return q.store_alerts(wanted)


def pending_alerts(limit: int = 200) -> list[Alert]:
    """The pending-alert list: alerts held by quiet hours or waiting for a retry, soonest due first."""
    return q.pending(limit)


@dataclass(frozen=True)
class Delivery:
    """What one ``deliver_due`` call did: messages sent (one per recipient), alerts covered by them,
    alerts that will be retried and alerts given up."""

    messages: int
    sent: int
    retrying: int
    given_up: int


def render(alerts: Sequence[Alert]) -> tuple[str, str]:
    """(title, body) of one message about ``alerts`` (Chinese; at most ``MAX_LINES`` listed)."""
    title = f"政府网站监测告警：{len(alerts)} 条问题"
    lines = [f"{i}. 【{a.finding.site.name}】{EVENT_NAMES.get(a.event, a.event)}：{a.finding.message}"
             + (f"（{a.finding.url}）" if a.finding.url else "") for i, a in enumerate(alerts[:MAX_LINES], 1)]
    if len(alerts) > MAX_LINES:
        lines.append(f"另有 {len(alerts) - MAX_LINES} 条，请登录监管平台查看。")
    return title, "\n".join(lines)


def _send(sender: Sender, recipient: str, alerts: Sequence[Alert]) -> str:
    """'' when delivered, else the error text."""
    title, body = render(alerts)
    try:
        return "" if sender(recipient, title, body) else "发送失败（通知服务未确认送达）"
    except Exception as exc:  # any failure of a notification service is data, not a crash
        return f"发送失败：{type(exc).__name__}: {exc}"


def deliver_due(now: datetime | None = None, sender: Sender | None = None, limit: int = 1000) -> Delivery:
    """Send every pending alert due at ``now``: claim each (compare-and-set, so concurrent deliverers
    never send one twice), send one message per recipient through ``sender`` (default
    ``apprise_sender()``), mark them sent, or retry after 5, 10, 20 … minutes and give up after
    ``MAX_ATTEMPTS`` attempts. Raises GovwatchError when no sender is given and apprise is missing."""
    moment = now or utcnow()
    send = sender or apprise_sender()
    claimed = [a for a in q.due_alerts(moment, limit) if q.claim(a, moment + LEASE)]
    by_recipient: dict[str, list[Alert]] = {}
    for alert in claimed:
        by_recipient.setdefault(alert.recipient, []).append(alert)
    sent = retrying = given_up = 0
    for recipient, batch in by_recipient.items():
        error = _send(send, recipient, batch)
        if not error:
            q.mark_sent([a.id for a in batch], moment)
            sent += len(batch)
            continue
        for alert in batch:
            last = alert.attempts + 1 >= MAX_ATTEMPTS
            q.mark_failed([alert.id], error, None if last else moment + RETRY_BASE * 2 ** alert.attempts)
            given_up += last
            retrying += not last
    return Delivery(len(by_recipient), sent, retrying, given_up)


def apprise_sender() -> Sender:
    """A sender delivering through apprise (any apprise URL: json://, mailto://, wecombot:// …).

    Raises GovwatchError when the apprise package is not installed.
    """
    try:
        import apprise
    except ImportError as exc:
        raise GovwatchError("未安装 apprise，无法发送告警；请安装 apprise 或配置其他发送方式") from exc

    def send(recipient: str, title: str, body: str) -> bool:
        notifier = apprise.Apprise()
        if not notifier.add(recipient):
            raise GovwatchError(f"无法识别的告警接收地址：{recipient}")
        return bool(notifier.notify(title=title, body=body))

    return send
