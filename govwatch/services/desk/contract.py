"""Contract assessment (合同考核, issue #8 §6): points the city's new-media accounts lost in provincial checks
(省级政务新媒体检查) in a period, recorded as ContractCheck rows, and the service-fee deductions they imply.

The issue's text: "city account: 500 yuan per 2 points, 2,000 per 20, 5,000 per 40; county: 100 / 400 /
1,000". Our reading (also summarised in the services.desk package docstring; one table here, so a different
reading is one edit):

- The amounts are TIERS on the points one account lost in the period (all its checks of that period
  summed), and the highest tier reached applies once: city — ≥ 2 points 500 yuan, ≥ 20 points 2,000,
  ≥ 40 points 5,000; county — 100 / 400 / 1,000; under 2 points nothing.
- Why not "500 yuan for every 2 points": read that way the three figures contradict each other (19 points
  would cost 9 × 500 = 4,500 yuan but 20 points only 2,000) — a fee rule cannot get cheaper as an
  account loses more points, so the per-2/20/40 figures must be thresholds.
- Level: an account of level 市 uses the city tiers; 县 and 乡镇 the county tiers (乡镇 accounts are run
  under their county — our assumption, unconfirmed); an account with no level gets no amount and is
  flagged 级别未登记.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from govwatch.core.errors import UsageError
from govwatch.services.access import ADMIN, OPERATOR, Actor, audit
from govwatch.storage.desk.models import ContractCheck
from govwatch.storage.models import Account

CITY, COUNTY = "city", "county"
TIERS: dict[str, tuple[tuple[Decimal, int], ...]] = {
    CITY: ((Decimal(40), 5000), (Decimal(20), 2000), (Decimal(2), 500)),
    COUNTY: ((Decimal(40), 1000), (Decimal(20), 400), (Decimal(2), 100)),
}
"""(points lost at least, yuan deducted), highest threshold first — issue #8 §6 as read above."""
LEVEL_CLASS = {"市": CITY, "县": COUNTY, "乡镇": COUNTY}
CLASS_LABELS = {CITY: "市级账号", COUNTY: "县级账号", "": "级别未登记"}


def deduction(points: Decimal | int | float, account_class: str) -> int:
    """Yuan deducted for ``points`` lost in one period by an account of class 'city'/'county' ('' → 0)."""
    lost = Decimal(str(points))
    for threshold, yuan in TIERS.get(account_class, ()):
        if lost >= threshold:
            return yuan
    return 0


def tier_text(points: Decimal, account_class: str) -> str:
    """扣分满 20 分档 / 未达 2 分 / — (no class)."""
    for threshold, _ in TIERS.get(account_class, ()):
        if points >= threshold:
            return f"扣分满 {threshold} 分档"
    return "未达扣款标准" if account_class else "—"


@dataclass(frozen=True)
class AccountRow:
    """One account in the period: its checks summed."""

    account_id: int
    account: str
    platform: str
    unit: str
    account_class: str
    checks: int
    points: Decimal
    yuan: int

    @property
    def class_label(self) -> str:
        """市级账号 / 县级账号 / 级别未登记."""
        return CLASS_LABELS[self.account_class]

    @property
    def tier(self) -> str:
        """The tier reached, in Chinese."""
        return tier_text(self.points, self.account_class)


@dataclass(frozen=True)
class Assessment:
    """The period's table (accounts by deduction, largest first) and totals per class and overall."""

    period: str
    rows: tuple[AccountRow, ...]
    points_by_class: dict[str, Decimal]
    yuan_by_class: dict[str, int]
    total_points: Decimal
    total_yuan: int
    unclassified: int


def _staff(actor: Actor) -> None:
    actor.require(ADMIN, OPERATOR)


def periods(actor: Actor) -> list[str]:
    """Periods with recorded checks, newest first (staff only)."""
    _staff(actor)
    return sorted(set(ContractCheck.objects.values_list("period", flat=True)), reverse=True)


def assessment(actor: Actor, period: str) -> Assessment:
    """The deductions of ``period`` from its ContractCheck rows (staff only; AccessDenied otherwise)."""
    _staff(actor)
    sums: dict[int, tuple[Account, int, Decimal]] = {}
    for check in ContractCheck.objects.filter(period=period).select_related("account", "account__unit"):
        acc, n, pts = sums.get(check.account_id, (check.account, 0, Decimal(0)))
        sums[check.account_id] = (acc, n + 1, pts + check.points_lost)
    rows = [_row(acc, n, pts) for acc, n, pts in sums.values()]
    rows.sort(key=lambda r: (-r.yuan, -r.points, r.account))
    points = {c: sum((r.points for r in rows if r.account_class == c), Decimal(0)) for c in (CITY, COUNTY)}
    yuan = {c: sum(r.yuan for r in rows if r.account_class == c) for c in (CITY, COUNTY)}
    return Assessment(period, tuple(rows), points, yuan, sum((r.points for r in rows), Decimal(0)),
                      sum(yuan.values()), sum(1 for r in rows if not r.account_class))


def _row(account: Account, checks: int, points: Decimal) -> AccountRow:
    cls = LEVEL_CLASS.get(account.level, "")
    return AccountRow(account.pk, account.name, account.get_platform_display(), account.unit.name, cls, checks,
                      points, deduction(points, cls))


def record_check(actor: Actor, account_id: int, period: str, points: str | Decimal, checked_on: date | None = None,
                 source: str = "", note: str = "", ip: str | None = None) -> ContractCheck:
    """Record one provincial check result (bureau admins only). ``points``: points lost, ≥ 0, one decimal.
    UsageError on a bad value or unknown account; the change is audited."""
    actor.require(ADMIN)
    try:
        lost = Decimal(str(points).strip())
    except InvalidOperation as exc:
        raise UsageError(f"扣分应为数字，收到：{points}") from exc
    if lost < 0 or lost >= 10000:
        raise UsageError("扣分应在 0 到 9999.9 之间")
    if not period.strip():
        raise UsageError("请填写考核周期，如 2026-Q3")
    account = Account.objects.filter(pk=account_id).first()
    if account is None:
        raise UsageError("账号不存在")
    row = ContractCheck.objects.create(account=account, period=period.strip()[:20], points_lost=lost.quantize(Decimal("0.1")),
                                       checked_on=checked_on, source=source.strip()[:200], note=note.strip(),
                                       recorded_by_id=actor.user_id)
    audit(actor, "create", row, f"录入省级检查扣分：{account.name} {row.period} 扣 {row.points_lost} 分", ip)
    return row
