"""Check ``security.tls`` — the HTTPS certificate: expiry, host name, trust; and sites without HTTPS.

Source: 国办发〔2017〕47号《政府网站发展指引》 安全防护（"使用 HTTPS 加密"，证书有效）; GB/T 22239-2019.
Judged on the transport probe (:mod:`govwatch.crawl.transport`). Codes: ``security.cert_expired``
(days_left < 0), ``security.cert_expiring`` (days_left < ``warn_days``), ``security.cert_hostname``
(the host is not among the certificate's names), ``security.cert_untrusted`` (the chain does not
verify: self-signed, unknown issuer), ``security.no_https`` (the homepage is served over plain HTTP).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.core.transport import CertificateInfo

ID = "security.tls"


class Params(BaseModel):
    """``warn_days``: report a certificate expiring within this many days; ``require_https``: report
    a homepage served over plain HTTP."""

    model_config = ConfigDict(extra="forbid")
    warn_days: int = 30
    require_https: bool = True


def _evidence(cert: CertificateInfo) -> dict[str, object]:
    return {"host": cert.host, "port": cert.port, "not_after": cert.not_after.isoformat() if cert.not_after else None,
            "days_left": cert.days_left, "subject": cert.subject, "issuer": cert.issuer, "names": list(cert.names),
            "hostname_ok": cert.hostname_ok, "trusted": cert.trusted, "verify_error": cert.verify_error,
            "protocol": cert.protocol}


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings about the homepage host's certificate (nothing without a transport probe)."""
    t = ctx.transport
    if t is None:
        return
    target, url = ctx.site.home_url, t.home_url
    if t.scheme != "https":
        if params.require_https and not t.error:
            yield Finding(code="security.no_https", target=target, url=url, message="网站首页未使用 HTTPS 加密传输。",
                          evidence={"home_url": t.home_url}, fix="为网站部署有效的 HTTPS 证书，并将 HTTP 访问跳转到 HTTPS。")
        return
    cert = t.certificate
    if cert is None or cert.error or cert.days_left is None:
        return  # no handshake: availability checks report an unreachable site
    ev = _evidence(cert)
    day = cert.not_after.date().isoformat() if cert.not_after else ""
    if cert.days_left < 0:
        yield Finding(code="security.cert_expired", target=target, url=url, evidence=ev,
                      message=f"HTTPS 证书已于 {day} 过期（{-cert.days_left} 天前）。", fix="立即更换有效的 HTTPS 证书。")
    elif cert.days_left < params.warn_days:
        yield Finding(code="security.cert_expiring", target=target, url=url, evidence=ev,
                      message=f"HTTPS 证书将于 {day} 过期（剩余 {cert.days_left} 天）。", fix="请在证书到期前续期并部署新证书。")
    if not cert.hostname_ok:
        yield Finding(code="security.cert_hostname", target=target, url=url, evidence=ev,
                      message=f"HTTPS 证书与域名 {cert.host} 不匹配（证书域名：{'、'.join(cert.names) or cert.subject}）。",
                      fix="申请并部署包含本网站域名的 HTTPS 证书。")
    if not cert.trusted:
        yield Finding(code="security.cert_untrusted", target=target, url=url, evidence=ev,
                      message=f"HTTPS 证书不受信任：{cert.verify_error}。",
                      fix="使用受信任的证书颁发机构签发的证书，并在服务器上配置完整的证书链。")
