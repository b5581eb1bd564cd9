"""The platform demo (``govwatch demo --platform``): the bundled sample site registered as a small fleet,
scanned, probed and scored through the real platform services, demo accounts for each role, then
``govwatch serve`` — so a new user sees the dashboard, rectification, bulletins and desk with real data.

The sample site is served on 127.0.0.1:``sample_port`` for three host names (the county portal and two
department sites of 示例县), mapped there through ``GOVWATCH_RESOLVE``; everything lives in the data folder
(default ``./var/demo``), apart from a real platform's data. Accounts: ``demo-admin`` (监管方管理员),
``demo-operator`` (运维人员), ``demo-unit`` (主办单位用户 of 示例县人民政府办公室); their random passwords are
kept in ``DATA_DIR/demo-accounts.txt`` (mode 0600) and printed on every start.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from govwatch.core.clock import utcnow
from govwatch.services import probes, scheduler
from govwatch.services.access import ensure_user
from govwatch.services.demo import PLATFORM_HOSTS
from govwatch.services.registry_io import ensure_site_monitoring
from govwatch.services.scores import compute_period_scores
from govwatch.storage.models import Site, Unit

DEMO_SITES: tuple[tuple[str, str, str, str, str], ...] = (
    # host, site name, unit, kind, 网站标识码
    (PLATFORM_HOSTS[0], "示例县人民政府", "示例县人民政府办公室", "portal", "3609990001"),
    (PLATFORM_HOSTS[1], "示例县教育局", "示例县教育局", "department", "3609990002"),
    (PLATFORM_HOSTS[2], "示例县卫生健康委员会", "示例县卫生健康委员会", "department", "3609990003"),
)
ACCOUNTS = (("demo-admin", "admin", ""), ("demo-operator", "operator", ""), ("demo-unit", "unit", DEMO_SITES[0][2]))

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: user name, role label and password."""

    username: str
    role: str
    password: str


def seed(sample_port: int) -> list[Site]:
    """Register the demo units and sites (idempotent) with their probes and scan schedules; returns the sites."""
    sites = []
    with transaction.atomic():
        for host, name, unit_name, kind, code in DEMO_SITES:
            unit, _ = Unit.objects.get_or_create(name=unit_name, defaults={"level": "县"})
            site, _ = Site.objects.update_or_create(
                home_url=f"http://{host}:{sample_port}/",
                defaults={"name": name, "unit": unit, "level": "县", "kind": kind, "site_id_code": code})
            ensure_site_monitoring(site)
            sites.append(site)
        portal = sites[0]
        Site.objects.filter(pk__in=[s.pk for s in sites[1:]]).update(parent=portal)
    return sites


def accounts(data_dir: Path) -> list[DemoAccount]:
    """Create the demo accounts once (random passwords kept in ``demo-accounts.txt``); returns them."""
    path = data_dir / "demo-accounts.txt"
    known = dict(line.split("\t", 1) for line in path.read_text("utf-8").splitlines() if "\t" in line) \
        if path.exists() else {}
    labels = {"admin": "监管方管理员", "operator": "运维人员", "unit": "主办单位用户"}
    out = []
    for username, role, unit in ACCOUNTS:
        password = known.get(username) or secrets.token_urlsafe(9)
        ensure_user(username, role, unit, password=password)
        out.append(DemoAccount(username, labels[role], password))
    path.write_text("".join(f"{a.username}\t{a.password}\n" for a in out), "utf-8")
    path.chmod(0o600)
    return out


def first_round(say: Say) -> None:
    """Run the scans that are due now (each site's first full scan), one probe round and the quarter's
    scores, saying what happened in Chinese."""
    from govwatch.services.embedded import result_line

    scheduler.run_due(on_result=lambda r: say(result_line(r)))
    done = probes.run_due_probes()
    say(f"可用性探测：探测 {done.probed} 次，失败 {done.failed} 次")
    summary = compute_period_scores(now=utcnow())
    say(f"{summary.period.label} 得分已计算：{summary.sites} 个网站，合格 {summary.passed}，不合格 {summary.failed}")


def prepare(sample_port: int, say: Say) -> list[DemoAccount]:
    """Seed, create the accounts and run the first round; returns the accounts to print."""
    seed(sample_port)
    made = accounts(settings.GOVWATCH.data_dir)
    first_round(say)
    return made
