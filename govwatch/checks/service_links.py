"""Check ``service.links`` — forms and attachments of service pages download; online systems answer.

Source: 国办秘函〔2019〕19号 扣分指标「办事服务」 表格样式、在线申请 (doc §1.2 [U]); 2015 普查 服务: 附件下载、
在线系统可用 (doc §1.2). ``service.attachment_broken``: an attachment linked from a service page (a service
entry or a 办事指南) that does not answer 2xx, is empty, or whose Content-Type does not fit its suffix (an
HTML error page served with 200 for a .doc). ``service.system_down``: a link to an online system (在线办理,
办件查询, 政务服务网 …) that is dead, errors or times out (blocked answers are not judged).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding, LinkKind, LinkVerdict
from govwatch.extract.html import url_key
from govwatch.extract.services import attachment_problem, default_table, service_facts

ID = "service.links"
_DOWN = (LinkVerdict.DEAD, LinkVerdict.ERROR, LinkVerdict.TIMEOUT)


class Params(BaseModel):
    """``max_referrers``: how many referring pages an attachment finding lists."""

    model_config = ConfigDict(extra="forbid")
    max_referrers: int = 20


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding per broken service attachment and per unreachable online system."""
    facts = service_facts(ctx.crawl)
    table = default_table()
    for url, check in ctx.crawl.links.items():
        if check.kind is not LinkKind.ATTACHMENT:
            continue
        on_service = [(p, t) for p, t in check.referrers if url_key(p) in facts.service_pages]
        problem = attachment_problem(check, table) if on_service else None
        if problem is None:
            continue
        name = on_service[0][1] or url
        yield Finding(
            code="service.attachment_broken", target=ctx.site.home_url, url=url,
            message=f"办事服务页面的附件「{name}」{problem}。",
            evidence={"url": url, "status": check.fetch.status, "content_type": check.fetch.content_type,
                      "size": check.fetch.size, "problem": problem,
                      "referrers": [{"page": p, "text": t} for p, t in on_service[: params.max_referrers]]},
            fix="请上传正确的表格或附件文件，确保可以正常下载并打开。",
        )
    for name, url in facts.systems:
        system = ctx.crawl.links.get(url)
        if system is None or system.verdict not in _DOWN:
            continue
        fetch = system.fetch
        yield Finding(
            code="service.system_down", target=ctx.site.home_url, url=url,
            message=f"在线办事系统「{name}」无法访问（{fetch.status or fetch.error or '无响应'}）。",
            evidence={"url": url, "name": name, "verdict": system.verdict.value, "status": fetch.status,
                      "error": fetch.error.value if fetch.error else None},
            fix="请排查在线办事系统的运行状态，确保公众可以在线申请和查询。",
        )
