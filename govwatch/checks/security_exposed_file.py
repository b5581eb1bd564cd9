"""Check ``security.exposed_file`` — source control, configuration, backups and phpinfo left readable,
and automatic directory listings.

Source: 国办发〔2017〕47号 安全防护（防范信息泄露）; GB/T 22239-2019 (等保 2.0) 安全计算环境. Judged on the
transport probe's well-known paths (a path counts only when its body carries the file's signature, see
:mod:`govwatch.crawl.transport`) and on every crawled page (directory listings reached by links).
Codes: ``security.exposed_file`` (one per exposed path), ``security.directory_listing`` (one per URL).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.core.transport import is_listing

ID = "security.exposed_file"
KINDS = {
    "git": "Git 版本库（可下载网站源代码）", "git_config": "Git 配置文件", "svn": "SVN 版本库（可下载网站源代码）",
    "ds_store": "macOS .DS_Store 文件（泄露目录结构）", "web_xml": "Java Web 配置文件 WEB-INF/web.xml",
    "backup": "网站或数据库备份文件", "phpinfo": "phpinfo 信息页（泄露服务器配置）",
}


class Params(BaseModel):
    """``max_listings``: directory-listing findings reported at most."""

    model_config = ConfigDict(extra="forbid")
    max_listings: int = 20


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Exposed files from the probe; directory listings from the probe and the crawled pages."""
    listings: dict[str, str] = {}
    if ctx.transport is not None:
        for probed in ctx.transport.files:
            if not probed.exposed:
                continue
            if probed.kind == "listing":
                listings.setdefault(probed.url, probed.evidence)
                continue
            yield Finding(code="security.exposed_file", target=ctx.site.home_url, url=probed.url,
                          message=f"可公开下载{KINDS.get(probed.kind, probed.kind)}：{probed.path}。",
                          evidence={"path": probed.path, "kind": probed.kind, "status": probed.status,
                                    "first_bytes": probed.evidence},
                          fix="立即删除该文件或在 Web 服务器上禁止访问，并检查其中泄露的信息（密码、密钥）是否需要更换。")
    for page in ctx.crawl.pages:
        if page.html and is_listing(page.html):
            listings.setdefault(page.fetch.final_url or page.url, page.html[:200])
    for url, snippet in list(listings.items())[: params.max_listings]:
        yield Finding(code="security.directory_listing", target=ctx.site.home_url, url=url,
                      message=f"Web 服务器开启了目录浏览，{url} 列出了目录中的全部文件。",
                      evidence={"url": url, "snippet": snippet},
                      fix="在 Web 服务器配置中关闭目录浏览（如 nginx autoindex off、Apache Options -Indexes）。")
