"""Runs the registered checks over one scan; a check that raises becomes a ``check.error`` finding.

A check is one module (named after its id with ``_`` for ``.``) that defines:
``ID: str`` (the check id the rulebook's ``check`` field names), ``Params`` (a pydantic model of its
thresholds, with defaults equal to the national rulebook's) and ``run(ctx, params) -> Iterable[Finding]``.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from types import ModuleType

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.rules.rulebook import Rulebook


def run_checks(ctx: ScanContext, rulebook: Rulebook, checks: Sequence[ModuleType] | None = None) -> list[Finding]:
    """Run ``checks`` (default: every registered check) with their rulebook params; returns all findings.

    Never raises for a failing check: its exception is reported as a ``check.error`` finding with the
    check id and the traceback's last lines as evidence, and the other checks still run.
    """
    if checks is None:
        from govwatch.checks.registry import CHECKS

        checks = CHECKS
    return run_modules(checks, ctx, rulebook, target=ctx.site.home_url, url=ctx.site.home_url)


def run_modules(checks: Sequence[ModuleType], ctx: object, rulebook: Rulebook, *,
                target: str, url: str) -> list[Finding]:
    """Run check modules over any context (a site scan, a new-media account) with their rulebook params.

    A check that raises becomes a ``check.error`` finding on ``target``/``url`` with the check id and the
    traceback's last lines as evidence; the other checks still run.
    """
    findings: list[Finding] = []
    for module in checks:
        try:
            params = module.Params(**rulebook.params_for(module.ID))
            produced = list(module.run(ctx, params))  # all or nothing: no half a check's findings
        except Exception as exc:  # a broken check must not stop the scan (DESIGN.md §2)
            tail = traceback.format_exc().strip().splitlines()[-3:]
            findings.append(Finding(
                code="check.error", target=target, url=url,
                message=f"检查项 {module.ID} 运行出错，其结果未计入本次监测：{exc!r}",
                evidence={"check": module.ID, "error": repr(exc), "traceback": tail},
                fix="请将本条问题转给平台运维人员排查该检查项。",
            ))
        else:
            findings.extend(produced)
    return findings
