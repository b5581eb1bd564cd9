"""Check ``security.ipv6`` — the homepage host has no IPv6 address (AAAA record), or its homepage does not
answer over IPv6.

Source: 中办、国办《推进互联网协议第六版（IPv6）规模部署行动计划》(2017) and 工信部/网信办 IPv6 工作安排
(政府网站 IPv6 改造, 首页可通过 IPv6 访问) [U: the national indicators of 2019 do not score it]. Judged on the
extended probe (:mod:`govwatch.crawl.ipv6`): ``security.ipv6_missing`` when the lookup answered without
an AAAA record, ``security.ipv6_unreachable`` when the homepage over the first IPv6 address failed or
answered ≥ 400. A failed lookup (resolver down) is not reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "security.ipv6"


class Params(BaseModel):
    """``require_aaaa``: report a host without an AAAA record."""

    model_config = ConfigDict(extra="forbid")
    require_aaaa: bool = True


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """At most one finding about the homepage host's IPv6 support."""
    t = ctx.transport
    v6 = t.extra.ipv6 if t is not None and t.extra is not None else None
    if t is None or v6 is None or v6.lookup_error or t.error:
        return
    evidence = {"host": v6.host, "addresses": list(v6.addresses), "status": v6.status, "error": v6.error}
    if not v6.addresses:
        if params.require_aaaa:
            yield Finding(code="security.ipv6_missing", target=ctx.site.home_url, url=t.home_url, evidence=evidence,
                          message=f"网站域名 {v6.host} 没有 IPv6 地址（AAAA 记录），无法通过 IPv6 访问。",
                          fix="为网站域名配置 AAAA 记录，并使服务器（或 CDN）支持 IPv6 访问。")
        return
    if v6.status is None or v6.status >= 400:
        why = v6.error or f"HTTP {v6.status}"
        yield Finding(code="security.ipv6_unreachable", target=ctx.site.home_url, url=t.home_url, evidence=evidence,
                      message=f"通过 IPv6 地址 {v6.addresses[0]} 无法打开首页：{why}。",
                      fix="检查 IPv6 地址上的 Web 服务与防火墙配置，使首页可通过 IPv6 正常访问。")
