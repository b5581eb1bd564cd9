"""Check ``accessibility`` — axe-core's WCAG 2.x audit of the homepage, mapped to GB/T 37668-2019 levels.

Source: GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》, which follows WCAG 2.0: its
一级 requirements correspond to WCAG level A (axe tags wcag2a, wcag21a) and its 二级 requirements to
level AA (wcag2aa, wcag21aa) [U: the clause-by-clause correspondence is taken from WCAG, not checked
against the standard's text]; 工信部《互联网网站适老化通用设计规范》(2021) requires the same for 适老化.
Judged on the audited page of the browser pass (homepage). Codes ``accessibility.level1`` and
``accessibility.level2``: one finding per violated axe rule, with the nodes as evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.core.rendered import AxeViolation

ID = "accessibility"
LEVEL1_TAGS = frozenset({"wcag2a", "wcag21a", "wcag22a"})
LEVEL2_TAGS = frozenset({"wcag2aa", "wcag21aa", "wcag22aa"})
_IMPACT = {"critical": "严重", "serious": "较重", "moderate": "中等", "minor": "轻微", "": "未分级"}


class Params(BaseModel):
    """``levels``: GB/T 37668 levels reported (1 = 一级/WCAG A, 2 = 二级/WCAG AA)."""

    model_config = ConfigDict(extra="forbid")
    levels: list[int] = Field(default_factory=lambda: [1, 2])


def level(violation: AxeViolation) -> int | None:
    """GB/T 37668 level of an axe rule: 1 for WCAG A, 2 for WCAG AA, None for other rules."""
    tags = set(violation.tags)
    return 1 if tags & LEVEL1_TAGS else 2 if tags & LEVEL2_TAGS else None


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per violated rule of the requested levels on each audited page."""
    for page in ctx.rendered:
        audit = page.audit
        if audit is None or audit.error:
            continue
        for v in audit.axe:
            lv = level(v)
            if lv is None or lv not in params.levels:
                continue
            yield Finding(
                code=f"accessibility.level{lv}", target=ctx.site.home_url, url=audit.url, count=1,
                message=f"不符合 GB/T 37668-2019 {'一' if lv == 1 else '二'}级要求（axe 规则 {v.rule}，影响{_IMPACT.get(v.impact, v.impact)}）："
                        f"{v.help}，涉及 {v.count} 处。",
                evidence={"rule": v.rule, "impact": v.impact, "level": lv, "tags": list(v.tags), "help": v.help,
                          "help_url": v.help_url, "nodes": [list(n) for n in v.nodes], "count": v.count,
                          "axe_version": audit.axe_version, "screenshot": page.screenshot},
                fix="按 GB/T 37668-2019 与 WCAG 2.x 修改所列页面元素（如为图片提供替代文本、声明页面语言、提高文字对比度）。",
            )
