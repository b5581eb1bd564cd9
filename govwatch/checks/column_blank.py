"""Check ``column.blank`` — 空白栏目: a column whose list page has no content or shows 暂无信息.

Source: 国办秘函〔2019〕19号 单项否决「栏目不更新」(3) 空白栏目 and 发布解读 (no blank columns);
国办发〔2017〕47号: 不得有空白栏目. Unfetched columns are not judged.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.checks.column_stale import TYPE_NAMES
from govwatch.core.models import Finding

ID = "column.blank"


class Params(BaseModel):
    """No thresholds: every blank column is one finding."""

    model_config = ConfigDict(extra="forbid")


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One ``column.blank`` finding per fetched blank column, with the page's text as evidence."""
    for column in ctx.facts.columns:
        if not column.fetched or not column.blank:
            continue
        snippet = ctx.facts.blank_snippets.get(column.url, "")
        yield Finding(
            code="column.blank", target=ctx.site.home_url, url=column.url,
            message=f"栏目「{column.name}」为空白栏目：列表页没有任何信息" + (f"，页面显示「{snippet[:60]}」。" if snippet else "。"),
            evidence={"column": column.name, "type": column.type.value,
                      "type_name": TYPE_NAMES.get(column.type.value, ""), "url": column.url,
                      "source": column.source, "items": len(column.items), "snippet": snippet},
            fix="请为该栏目补充应公开的信息；确无内容的栏目应予以整合或关停，不得保留空白栏目。",
        )
