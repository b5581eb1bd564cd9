"""Check ``domain`` — 域名名称: the site's host ends in .gov.cn, a department site sits under its portal.

Source: 国办发〔2017〕47号《政府网站发展指引》: 政府网站英文域名以 .gov.cn 结尾; 门户网站用
``www.□□□.gov.cn``, 部门网站用本级门户网站的下级域名 ``○○○.□□□.gov.cn``; 国办秘函〔2019〕19号 功能设计「域名名称」.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "domain"


class Params(BaseModel):
    """``suffix``: the required domain suffix."""

    model_config = ConfigDict(extra="forbid")
    suffix: str = ".gov.cn"


def under(host: str, parent: str) -> bool:
    """True when ``host`` is ``parent`` or a sub-domain of it; a leading ``www.`` of ``parent`` is ignored."""
    parent = parent.lower().strip(".")
    parent = parent[4:] if parent.startswith("www.") else parent
    return host == parent or host.endswith("." + parent)


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """``domain.not_gov_cn`` when the homepage host lacks the suffix; ``domain.not_under_portal`` when a
    department site's host is not under ``site.parent_domain``."""
    host = (urlsplit(ctx.site.home_url).hostname or "").lower().rstrip(".")
    evidence = {"host": host, "home_url": ctx.site.home_url, "kind": ctx.site.kind,
                "parent_domain": ctx.site.parent_domain}
    if not host.endswith(params.suffix):
        yield Finding(
            code="domain.not_gov_cn", target=ctx.site.home_url, url=ctx.site.home_url,
            message=f"网站域名 {host} 不以 {params.suffix} 结尾。", evidence=evidence,
            fix=f"政府网站应使用以 {params.suffix} 结尾的英文域名，并停用其他后缀的域名（国办发〔2017〕47号）。",
        )
    parent = ctx.site.parent_domain
    if ctx.site.kind == "department" and parent and not under(host, parent):
        yield Finding(
            code="domain.not_under_portal", target=ctx.site.home_url, url=ctx.site.home_url,
            message=f"部门网站域名 {host} 不在本级门户网站域名 {parent} 之下。", evidence=evidence,
            fix=f"部门网站应使用本级政府门户网站的下级域名（如 xxx.{parent}），见国办发〔2017〕47号。",
        )
