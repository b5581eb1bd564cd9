"""Check ``security.tls_protocols`` — the HTTPS host still accepts obsolete protocol versions (SSL 2.0/3.0,
TLS 1.0/1.1), or none of TLS 1.2/1.3.

Source: 国办发〔2017〕47号 安全防护（HTTPS）; RFC 8996 (2021) deprecates TLS 1.0 and 1.1; GB/T 22239-2019
通信传输. Judged on the sslyze scan of the extended probe (:mod:`govwatch.crawl.tls_protocols`): one
finding listing every weak version accepted (code ``security.tls_weak_protocol``), and
``security.tls_no_modern`` when neither TLS 1.2 nor 1.3 is accepted. Versions sslyze could not test
are not reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "security.tls_protocols"


class Params(BaseModel):
    """``weak``: protocol versions reported when accepted; ``modern``: at least one must be accepted."""

    model_config = ConfigDict(extra="forbid")
    weak: list[str] = Field(default_factory=lambda: ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1"])
    modern: list[str] = Field(default_factory=lambda: ["TLSv1.2", "TLSv1.3"])


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings from the sslyze scan (nothing for an http-only site or without the probe)."""
    t = ctx.transport
    if t is None or t.extra is None or not t.extra.protocols:
        return
    support = {p.protocol: p for p in t.extra.protocols}
    table = [{"protocol": p.protocol, "accepted": p.accepted, "ciphers": list(p.ciphers), "error": p.error}
             for p in t.extra.protocols]
    weak = [name for name in params.weak if name in support and support[name].accepted]
    if weak:
        yield Finding(code="security.tls_weak_protocol", target=ctx.site.home_url, url=t.home_url,
                      message=f"HTTPS 服务仍接受已淘汰的协议版本：{'、'.join(weak)}。",
                      evidence={"weak": weak, "protocols": table},
                      fix="在 Web 服务器上禁用 SSLv2/SSLv3/TLS 1.0/TLS 1.1（如 nginx ssl_protocols TLSv1.2 TLSv1.3;）。")
    tested = [name for name in params.modern if name in support and support[name].accepted is not None]
    if tested and not any(support[name].accepted for name in tested):
        yield Finding(code="security.tls_no_modern", target=ctx.site.home_url, url=t.home_url,
                      message="HTTPS 服务不支持 TLS 1.2 或 TLS 1.3。", evidence={"protocols": table},
                      fix="升级 Web 服务器或 OpenSSL，启用 TLS 1.2 与 TLS 1.3。")
