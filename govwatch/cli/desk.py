"""``govwatch desk …``: the operations desk from the console (issue #8 §1 §2 §6).

``tick [--now …]`` runs the desk's periodic job once (automatic tickets, SLA warnings and escalations);
``list [--all]`` prints the tickets with their SLA state; ``open --kind K --title T [--detail …] [--unit 名称]``
opens a ticket; ``sla [--period 2026-11]`` prints the SLA report; ``duty now`` / ``duty add --day … --start …
--end … --people a,b [--role lead|reader|engineer]`` shows or plans the roster; ``contract [--period …]`` prints
the fee deductions; ``check ACCOUNT_ID PERIOD POINTS [--source …]`` records a provincial check result.
The console acts as the bureau (监管方, recorded as 命令行). Exit 0 done, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from typing import Any

from rich.console import Console
from rich.table import Table

from govwatch.services import platform

ORDER = 47  # position in govwatch --help (cli/commands.py)
KINDS = {"fault": "故障", "content": "内容需求", "security": "安全预警", "consult": "咨询"}


def add_parser(subparsers: Any) -> None:
    """Add ``desk`` with tick, list, open, sla, duty, contract and check."""
    desk = subparsers.add_parser("desk", help="运维服务台：工单与时限、值班、合同考核")
    sub = desk.add_subparsers(dest="desk_command", required=True, metavar="操作")
    tick = sub.add_parser("tick", help="立即运行一次工单时限检查（自动建单、预警、超时升级）")
    tick.add_argument("--now", help="检查时间点 YYYY-MM-DDTHH:MM（北京时间，默认现在）")
    tick.set_defaults(func=run_tick)
    lst = sub.add_parser("list", help="列出工单及时限状态（默认只列未关闭的）")
    lst.add_argument("--all", action="store_true", help="包括已关闭的工单")
    lst.set_defaults(func=run_list)
    op = sub.add_parser("open", help="提交工单")
    op.add_argument("--kind", required=True, choices=sorted(KINDS), help="类型：" + "，".join(f"{k} {v}" for k, v in KINDS.items()))
    op.add_argument("--title", required=True, help="标题")
    op.add_argument("--detail", default="", help="详情")
    op.add_argument("--unit", default="", help="所属主办单位名称（须已登记）")
    op.set_defaults(func=run_open)
    sla = sub.add_parser("sla", help="工单时限报表")
    sla.add_argument("--period", default="", help="统计周期：2026-11（月）、2026-Q4（季度）或 2026（年），默认本月")
    sla.set_defaults(func=run_sla)
    duty = sub.add_parser("duty", help="值班：当前值班（now）或添加班次（add）")
    duty_sub = duty.add_subparsers(dest="duty_command", required=True, metavar="操作")
    duty_sub.add_parser("now", help="当前值班人员").set_defaults(func=run_duty_now)
    add = duty_sub.add_parser("add", help="添加班次（结束时间不晚于开始时间时结束于次日）")
    add.add_argument("--day", required=True, help="值班日期 YYYY-MM-DD")
    add.add_argument("--start", required=True, help="开始时间 HH:MM（北京时间）")
    add.add_argument("--end", required=True, help="结束时间 HH:MM")
    add.add_argument("--people", required=True, help="值班人员用户名，逗号分隔")
    add.add_argument("--role", default="reader", choices=["lead", "reader", "engineer"],
                     help="岗位：lead 值班长，reader 读网值班，engineer 技术值班")
    add.set_defaults(func=run_duty_add)
    con = sub.add_parser("contract", help="合同考核：省级新媒体检查扣分与服务费扣减")
    con.add_argument("--period", default="", help="考核周期（默认最近一个有记录的周期）")
    con.set_defaults(func=run_contract)
    chk = sub.add_parser("check", help="录入一条省级新媒体检查扣分")
    chk.add_argument("account", type=int, help="账号编号")
    chk.add_argument("period", help="考核周期，如 2026-Q3")
    chk.add_argument("points", help="扣分")
    chk.add_argument("--source", default="", help="检查来源")
    chk.set_defaults(func=run_check)


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 200, highlight=False)


def _bureau() -> Any:
    from govwatch.services.access import ADMIN, Actor

    return Actor(None, "命令行", ADMIN)


def _parse(value: str, kind: str) -> Any:
    from govwatch.core.clock import CHINA_TZ
    from govwatch.core.errors import UsageError

    try:
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "time":
            return time.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"时间格式不正确：{value}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


def run_tick(args: argparse.Namespace) -> int:
    """Run the desk job once. 0."""
    platform.migrate()
    from govwatch.core.clock import utcnow
    from govwatch.services.desk.jobs import tick

    print(tick(_parse(args.now, "datetime") if args.now else utcnow()) or "运维工单：无需处理的事项。")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print the tickets with their most urgent clock. 0."""
    platform.migrate()
    from govwatch.core.clock import CHINA_TZ, utcnow
    from govwatch.services.desk import clocks, tickets

    qs = tickets.visible_tickets(_bureau()).prefetch_related("clocks")
    if not args.all:
        qs = qs.exclude(status=tickets.CLOSED)
    table = Table("编号", "类型", "标题", "单位", "状态", "提交时间", "时限", "剩余", title="运维工单")
    now = utcnow()
    for t in qs[:500]:
        worst = clocks.worst(clocks.ticket_views(t, now))
        table.add_row(str(t.pk), KINDS.get(t.kind, t.kind), t.title, t.unit.name if t.unit else "—",
                      t.get_status_display() + ("（已升级）" if t.escalated else ""),
                      f"{t.raised_at.astimezone(CHINA_TZ):%m-%d %H:%M}", worst.state_label if worst else "—",
                      worst.remaining_text if worst else "")
    _console().print(table)
    return 0


def run_open(args: argparse.Namespace) -> int:
    """Open a ticket; prints its number and deadlines. 0 (unknown unit → 2)."""
    platform.migrate()
    from govwatch.core.clock import CHINA_TZ
    from govwatch.core.errors import UsageError
    from govwatch.services.desk import tickets

    unit_id = None
    if args.unit:
        unit = _bureau().units().filter(name=args.unit).first()
        if unit is None:
            raise UsageError(f"登记信息中没有单位“{args.unit}”")
        unit_id = unit.pk
    ticket = tickets.open_ticket(args.kind, args.title, args.detail, unit_id, "manual")
    print(f"已提交工单 #{ticket.pk}：{ticket.title}")
    for clock in ticket.clocks.all():
        print(f"  {clock.rule}：截止 {clock.due_at.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}")
    return 0


def run_sla(args: argparse.Namespace) -> int:
    """Print the SLA report. 0 (bad period → 2)."""
    platform.migrate()
    from govwatch.services.desk import report

    period = report.parse_period(args.period) if args.period else report.current_month()
    result = report.sla_report(_bureau(), period)
    headers = ["类型", "工单数", "已解决", "升级"] + [f"{report.CLOCK_NAMES[n]} 按时/超时完成/已超时/进行中（达标率）"
                                                    for n in report.CLOCK_ORDER]
    table = Table(*headers, title=f"工单时限报表 {period.label}")
    for row, label in [(r, r.label) for r in result.rows] + ([(result.total, "合计")] if result.rows else []):
        cells = [f"{t.met}/{t.late}/{t.overdue}/{t.running}（{t.rate_text}）" if t else "—" for t in row.ordered]
        table.add_row(label, str(row.raised), str(row.resolved), str(row.escalated), *cells)
    _console().print(table)
    return 0


def run_duty_now(args: argparse.Namespace) -> int:
    """Print who is on duty now. 0."""
    platform.migrate()
    from govwatch.core.clock import CHINA_TZ
    from govwatch.services.desk import duty

    shifts = duty.on_duty(_bureau())
    if not shifts:
        print("当前没有值班班次。")
    for s in shifts:
        people = "、".join(p.get_username() for p in s.people.all())
        print(f"{s.get_role_display()}：{people}（{s.starts_at.astimezone(CHINA_TZ):%m-%d %H:%M}–"
              f"{s.ends_at.astimezone(CHINA_TZ):%m-%d %H:%M}）")
    return 0


def run_duty_add(args: argparse.Namespace) -> int:
    """Plan a shift. 0 (unknown person or bad time → 2)."""
    platform.migrate()
    from govwatch.services.desk import duty

    shift = duty.add_shift(_bureau(), _parse(args.day, "date"), _parse(args.start, "time"), _parse(args.end, "time"),
                           args.people.split(","), args.role)
    print(f"已添加班次 #{shift.pk}：{shift.day} {shift.get_role_display()}")
    return 0


def run_contract(args: argparse.Namespace) -> int:
    """Print the period's deductions table and totals. 0."""
    platform.migrate()
    from govwatch.services.desk import contract

    actor = _bureau()
    known = contract.periods(actor)
    period = args.period or (known[0] if known else "")
    result = contract.assessment(actor, period)
    table = Table("账号", "主办单位", "级别", "检查次数", "累计扣分", "档位", "扣款（元）", title=f"合同考核 {period or '（无记录）'}")
    for r in result.rows:
        table.add_row(r.account, r.unit, r.class_label, str(r.checks), str(r.points), r.tier, str(r.yuan))
    table.add_row("合计", "", "", "", str(result.total_points), "", str(result.total_yuan))
    _console().print(table)
    print(f"市级账号扣款 {result.yuan_by_class['city']} 元，县级账号扣款 {result.yuan_by_class['county']} 元，"
          f"合计 {result.total_yuan} 元")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Record one provincial check result. 0 (bad value → 2)."""
    platform.migrate()
    from govwatch.services.desk import contract

    row = contract.record_check(_bureau(), args.account, args.period, args.points, source=args.source)
    print(f"已录入：{row.account.name} {row.period} 扣 {row.points_lost} 分")
    return 0
