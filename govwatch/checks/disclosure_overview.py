"""Check ``disclosure.overview`` — 概况信息: 机构职能 and 领导信息 pages exist and are complete.

Source: 国办秘函〔2019〕19号 扣分指标「发布解读」 概况信息、机构职能、领导信息 (doc §1.2 [C2] names; 机构职能 and
负责人 name, post and duties complete, points [U]); 国办发〔2017〕47号 信息发布 (doc §2). One
``disclosure.overview_incomplete`` finding per page missing or lacking 职能 / 姓名职务 / 分工. Not judged when
the homepage failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.disclosure import overview_pages

ID = "disclosure.overview"
_NEEDS = {"functions": ("职能",), "leaders": ("姓名职务", "分工")}
_NAMES = {"functions": "机构职能", "leaders": "领导信息"}


class Params(BaseModel):
    """No thresholds."""

    model_config = ConfigDict(extra="forbid")


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per missing or incomplete overview page."""
    home = ctx.crawl.home
    if home is None or not home.fetch.ok:
        return
    for page in overview_pages(ctx.crawl, ctx.facts):
        lacks = [n for n in _NEEDS[page.kind] if n not in page.has]
        if page.found and not lacks:
            continue
        label = _NAMES[page.kind]
        what = f"缺少{'、'.join(lacks)}" if page.found else ("页面无法打开" if page.url else "未发现该栏目或页面")
        yield Finding(
            code="disclosure.overview_incomplete", target=ctx.site.home_url, url=page.url or ctx.facts.home_url,
            message=f"概况信息「{label}」{what}。",
            evidence={"column": page.name, "url": page.url or None, "exists": page.found, "lacks": lacks,
                      "snippet": page.snippet},
            fix="请公开机构职能，以及领导的姓名、职务和工作分工，并及时更新。",
        )
