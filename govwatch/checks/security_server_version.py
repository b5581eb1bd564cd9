"""Check ``security.server_version`` — the server tells its software and version (Server,
X-Powered-By, X-AspNet-Version …), which lets an attacker look up its known vulnerabilities.

Source: 国办发〔2017〕47号 安全防护; GB/T 22239-2019 (等保 2.0) 安全计算环境 (剩余信息与信息泄露).
Judged on the homepage headers of the transport probe. A header counts when it carries a version
number (``nginx/1.18.0``, ``PHP/5.4.16``, ``Microsoft-IIS/8.5``); a bare product name is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "security.server_version"
_VERSION = re.compile(r"\d+(?:\.\d+)+")


class Params(BaseModel):
    """``headers``: response headers inspected for version numbers."""

    model_config = ConfigDict(extra="forbid")
    headers: list[str] = Field(default_factory=lambda: ["Server", "X-Powered-By", "X-AspNet-Version",
                                                        "X-AspNetMvc-Version", "X-Generator"])


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding listing every header that discloses a version (nothing without a transport probe)."""
    t = ctx.transport
    if t is None:
        return
    lower = {k.lower(): (k, v) for k, v in t.headers.items()}
    shown = {lower[h.lower()][0]: lower[h.lower()][1] for h in params.headers
             if h.lower() in lower and _VERSION.search(lower[h.lower()][1])}
    if shown:
        yield Finding(code="security.server_version", target=ctx.site.home_url, url=t.home_url,
                      message="服务器响应头暴露了软件版本：" + "；".join(f"{k}: {v}" for k, v in shown.items()) + "。",
                      evidence={"headers": shown},
                      fix="在 Web 服务器与应用中隐藏版本信息（如 nginx server_tokens off、PHP expose_php Off）。")
