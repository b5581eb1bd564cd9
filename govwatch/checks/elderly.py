"""Check ``elderly`` — 适老化 of the homepage: an elderly-mode / 无障碍 entry, line height, text contrast,
200 % zoom without horizontal scrolling.

Source: 工信部《互联网网站适老化通用设计规范》(2021) and 国办公开办函〔2021〕28号 (national-2019.md §3): a
prominent 长者版/无障碍 entry; 行距 ≥ 1.3 倍 [C]; text contrast ≥ 4.5:1 (large text 3:1) [U: WCAG 2.x AA, which
GB/T 37668 follows]; 页面放大到 200 % 不出现横向滚动 (WCAG 1.4.4/1.4.10). Judged on the audited page of the
browser pass: ``zoom`` is the page at 640 CSS px, what 200 % zoom leaves of a 1280 px window.
The page behind the elderly-mode entry must show no pop-ups or ads (适老化规范: 适老版 "无广告插件、
无弹窗"): dialogs, window-covering overlays, floating ad windows and JavaScript alerts are reported.
Codes: ``elderly.no_entry``, ``elderly.line_height``, ``elderly.contrast``, ``elderly.zoom_overflow``,
``elderly.popup``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.core.rendered import PageAudit, RenderedPage

ID = "elderly"


class Params(BaseModel):
    """``require_entry`` report a homepage without an elderly/无障碍 entry; ``max_low_line_height``
    share of running-text elements allowed below 1.3; ``max_low_contrast`` text elements allowed
    below 4.5:1 (3:1 large)."""

    model_config = ConfigDict(extra="forbid")
    require_entry: bool = True
    max_low_line_height: float = 0.1
    max_low_contrast: int = 0


def _finding(ctx: ScanContext, page: RenderedPage, audit: PageAudit, code: str, message: str, fix: str,
             **evidence: object) -> Finding:
    return Finding(code=code, target=ctx.site.home_url, url=audit.url, message=message, fix=fix,
                   evidence={"screenshot": page.screenshot, **evidence})


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """Findings on each audited page (the homepage)."""
    for page in ctx.rendered:
        audit = page.audit
        if audit is None or audit.error or audit.desktop is None or audit.zoom is None:
            continue
        desk = audit.desktop
        if params.require_entry and not desk.elderly_entries:
            yield _finding(ctx, page, audit, "elderly.no_entry", "首页未发现长者模式、适老化或无障碍浏览入口。",
                           "在首页显著位置提供「长者模式」「无障碍浏览」入口。")
        lh = desk.line_height
        if lh.get("checked") and lh["low"] / lh["checked"] > params.max_low_line_height:
            yield _finding(ctx, page, audit, "elderly.line_height",
                           f"{lh['checked']} 段正文中有 {lh['low']} 段行距小于 1.3 倍字号。",
                           "将正文行高（line-height）设为字号的 1.3 倍以上（建议 1.5）。", line_height=dict(lh))
        co = desk.contrast
        if co.get("low", 0) > params.max_low_contrast:
            yield _finding(ctx, page, audit, "elderly.contrast",
                           f"{co['low']} 处文字与背景的对比度低于 4.5:1（大字号低于 3:1）。",
                           "加深文字颜色或调整背景，使正文对比度不低于 4.5:1。", contrast=dict(co))
        if audit.zoom.overflows:
            yield _finding(ctx, page, audit, "elderly.zoom_overflow",
                           f"页面放大到 200% 时出现横向滚动（内容宽 {audit.zoom.scroll_width}px，窗口宽 {audit.zoom.width}px）。",
                           "使用自适应布局，避免固定宽度，使页面放大到 200% 时无需横向滚动。",
                           scroll_width=audit.zoom.scroll_width, width=audit.zoom.width,
                           zoom_screenshot=audit.zoom.screenshot)
        yield from _popups(ctx, page, audit)


def _popups(ctx: ScanContext, page: RenderedPage, audit: PageAudit) -> Iterable[Finding]:
    mode = audit.elderly_mode
    if mode is None or mode.error or not (mode.popups or mode.dialogs):
        return
    what = [f"{p.get('reason')}：{p.get('text') or p.get('element')}" for p in mode.popups]
    what += [f"脚本弹窗：{d}" for d in mode.dialogs]
    yield Finding(code="elderly.popup", target=ctx.site.home_url, url=mode.url or audit.url,
                  message=f"长者模式（{mode.entry}）页面出现弹窗或广告：{'；'.join(what)[:200]}。",
                  fix="长者模式页面应去除广告、漂浮窗和弹窗（含 alert 提示）。",
                  evidence={"entry": mode.entry, "popups": [dict(p) for p in mode.popups], "dialogs": list(mode.dialogs),
                            "screenshot": mode.screenshot or page.screenshot})
