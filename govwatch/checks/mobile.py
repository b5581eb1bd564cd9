"""Check ``mobile`` — 移动端适配 of the homepage: viewport meta, no horizontal overflow at 375 CSS px, tap
targets of at least 44 × 44 CSS px.

Source: 国办发〔2017〕47号《政府网站发展指引》 (移动端适配); 工信部《互联网网站适老化通用设计规范》(2021) and
WCAG 2.5.5 for the 44 px target size [U]. Judged on the audited page of the browser pass at 375 CSS px as
a touch phone. Links inside a sentence are exempt from the target size (WCAG "inline" exception).
Codes: ``mobile.no_viewport``, ``mobile.overflow``, ``mobile.tap_targets``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding

ID = "mobile"


class Params(BaseModel):
    """``max_small_targets``: share of tap targets allowed below 44 × 44 CSS px."""

    model_config = ConfigDict(extra="forbid")
    max_small_targets: float = 0.1


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings on each audited page (the homepage)."""
    for page in ctx.rendered:
        audit = page.audit
        if audit is None or audit.error or audit.mobile is None:
            continue
        view, target, url = audit.mobile, ctx.site.home_url, audit.url
        shot = {"screenshot": view.screenshot}
        if not view.viewport_meta or "width=device-width" not in view.viewport_meta.replace(" ", ""):
            yield Finding(code="mobile.no_viewport", target=target, url=url,
                          message="首页未设置移动端视口（<meta name=\"viewport\" content=\"width=device-width\">）。",
                          evidence={"viewport_meta": view.viewport_meta, **shot},
                          fix="在页面头部加入 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">，并采用自适应布局。")
        if view.overflows:
            yield Finding(code="mobile.overflow", target=target, url=url,
                          message=f"在 375px 宽的手机屏幕上首页出现横向滚动（内容宽 {view.scroll_width}px）。",
                          evidence={"scroll_width": view.scroll_width, "width": view.width, **shot},
                          fix="采用自适应布局，去掉固定宽度，使页面在手机上无需横向滚动。")
        t = view.targets
        if t.get("checked") and t["small"] / t["checked"] > params.max_small_targets:
            yield Finding(code="mobile.tap_targets", target=target, url=url,
                          message=f"{t['checked']} 个可点击元素中有 {t['small']} 个小于 44×44 像素，手机上难以准确点击。",
                          evidence={"targets": dict(t), **shot},
                          fix="将按钮和链接的可点击区域扩大到至少 44×44 像素（可用内边距）。")
