"""Check ``service.guide`` — 办事指南 key elements (服务不实用 (2), 扣分「办事服务」 办事指南).

Source: 国办秘函〔2019〕19号 单项否决「服务不实用」 办事指南重点要素类别缺失 and 扣分指标「办事服务」 办事指南
(doc §1.1–1.2): 事项名称、设定依据、申请条件、办理材料 [C], 办理地点、办理机构、收费标准、办理时间、联系电话、
办理流程 [U]. One ``service.guide_incomplete`` finding per guide page missing (or leaving empty) a required
element. The veto's count and threshold are not known [U]: the platform scores it as a deduction.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.services import default_table, service_facts

ID = "service.guide"


class Params(BaseModel):
    """``required``: the elements every guide must show (names of ``services.yaml`` guide_elements)."""

    model_config = ConfigDict(extra="forbid")
    required: list[str] = Field(default_factory=lambda: list(default_table().elements))


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per guide lacking a required element."""
    for guide in service_facts(ctx.crawl).guides:
        missing = [e for e in guide.missing if e in params.required]
        empty = [e for e in guide.empty if e in params.required]
        if not missing and not empty:
            continue
        lacks = "、".join(missing + empty)
        yield Finding(
            code="service.guide_incomplete", target=ctx.site.home_url, url=guide.url,
            message=f"办事指南「{guide.title}」缺少要素：{lacks}。",
            evidence={"title": guide.title, "missing": missing, "empty": empty, "present": list(guide.present)},
            fix="请按办事指南要素补全事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、"
                "联系电话、办理流程等内容。",
        )
