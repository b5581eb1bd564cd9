"""Check ``disclosure.interpretation`` — 解读关联: each 政策解读 links to its policy and the policy back.

Source: 国办秘函〔2019〕19号 扣分指标「发布解读」 解读关联 (doc §1.2: 各解读与其政策文件相互关联, points [U]).
One ``disclosure.interpretation_unlinked`` finding per crawled interpretation page that links to no policy,
or whose policy page (when crawled) does not link back. A policy that was not crawled is not judged.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.extract.disclosure import interpretation_links

ID = "disclosure.interpretation"


class Params(BaseModel):
    """No thresholds."""

    model_config = ConfigDict(extra="forbid")


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per unlinked interpretation (see module docstring)."""
    for link in interpretation_links(ctx.crawl, ctx.facts):
        if not link.policy_url:
            what = "未链接到所解读的政策文件"
        elif link.links_back is False:
            what = f"所解读的政策文件（{link.policy_url}）未链接回本解读"
        else:
            continue
        yield Finding(
            code="disclosure.interpretation_unlinked", target=ctx.site.home_url, url=link.url,
            message=f"政策解读「{link.title}」{what}。",
            evidence={"title": link.title, "url": link.url, "policy_url": link.policy_url or None,
                      "links_back": link.links_back},
            fix="请在政策解读页面链接政策文件原文，并在政策文件页面添加「相关解读」链接，实现双向关联。",
        )
