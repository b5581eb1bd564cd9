"""The one mapping from codes (finding codes, column types, kinds, verdicts, evidence keys) to the Chinese
labels every report renderer shows. Unknown codes fall back to the rulebook title, then a prefix label,
then the code itself — a new check never breaks a report.
"""

from __future__ import annotations

from collections.abc import Mapping

from govwatch.core.models import FETCH_ERROR_LABELS, ColumnType, LinkKind, LinkVerdict
from govwatch.rules.rulebook import Rulebook

CODE_LABELS: Mapping[str, str] = {
    "homepage.stale": "首页不更新",
    "homepage.unreachable": "首页无法访问",
    "column.stale": "栏目未及时更新",
    "column.blank": "空白栏目",
    "column.unreachable": "栏目无法访问",
    "column.veto_stale": "栏目不更新（动态要闻、通知公告、政策文件类栏目）",
    "column.veto_unupdated": "应更新但长期未更新的栏目过多",
    "column.veto_blank": "空白栏目过多",
    "identity.site_id_missing": "未发现网站标识码",
    "identity.site_id_mismatch": "网站标识码与登记不符",
    "identity.icp_missing": "未发现ICP备案号",
    "identity.police_missing": "未发现公安机关备案号",
    "identity.badge_missing": "未发现党政机关网站标识",
    "identity.unit_missing": "未发现主办单位",
    "identity.contact_missing": "未发现联系方式",
    "domain.not_gov_cn": "域名不以 .gov.cn 结尾",
    "domain.not_under_portal": "部门网站未使用门户网站下级域名",
    "links.dead_home": "首页链接不可用",
    "links.dead_inner": "其他页面链接不可用",
    "links.blocked": "链接访问受限",
    "links.unreachable": "链接访问出错或超时",
    "interaction.no_channel": "未提供有效的网上咨询建言渠道",
    "interaction.unanswered": "留言超过 3 个月未回应",
    "interaction.slow_reply": "留言超过规定工作日答复",
    "interaction.not_public": "留言未公开（只显示数量）",
    "interaction.activities": "征集调查、在线访谈开展情况",
    "service.none": "未提供办事服务",
    "service.guide_incomplete": "办事指南要素不全",
    "service.attachment_broken": "办事表格、附件无法下载",
    "service.system_down": "在线办事系统无法访问",
    "disclosure.interpretation_unlinked": "政策解读与政策文件未双向关联",
    "disclosure.overview_incomplete": "概况信息不全（机构职能、领导信息）",
    "check.error": "检查项运行出错",
}

PREFIX_LABELS: Mapping[str, str] = {
    "homepage.": "首页",
    "column.": "栏目",
    "columns.": "栏目",
    "identity.": "网站标识与备案",
    "domain.": "域名",
    "links.": "链接可用性",
    "interaction.": "互动交流",
    "service.": "办事服务",
    "disclosure.": "发布解读",
    "check.": "检查项",
}

COLUMN_TYPE_LABELS: Mapping[str, str] = {
    ColumnType.NEWS: "动态要闻",
    ColumnType.NOTICE: "通知公告",
    ColumnType.POLICY: "政策文件",
    ColumnType.INTERPRETATION: "政策解读",
    ColumnType.PERSONNEL: "人事信息",
    ColumnType.PLAN: "规划计划",
    ColumnType.STATISTICS: "统计数据",
    ColumnType.OVERVIEW: "概况信息",
    ColumnType.INTERACTION: "互动交流",
    ColumnType.SERVICE: "办事服务",
    ColumnType.OTHER: "其他",
}

COLUMN_SOURCE_LABELS: Mapping[str, str] = {"declared": "登记", "discovered": "自动发现"}

INDICATOR_KIND_LABELS: Mapping[str, str] = {
    "veto": "单项否决", "deduct": "扣分", "bonus": "加分", "info": "提示",
}

SITE_KIND_LABELS: Mapping[str, str] = {
    "portal": "门户网站", "department": "部门网站", "new_media": "政务新媒体",
}

LINK_VERDICT_LABELS: Mapping[str, str] = {
    LinkVerdict.OK: "正常", LinkVerdict.DEAD: "死链", LinkVerdict.BLOCKED: "访问受限",
    LinkVerdict.ERROR: "出错", LinkVerdict.TIMEOUT: "超时",
}

LINK_KIND_LABELS: Mapping[str, str] = {
    LinkKind.PAGE: "网页", LinkKind.IMAGE: "图片", LinkKind.STYLE: "样式表", LinkKind.SCRIPT: "脚本",
    LinkKind.FRAME: "内嵌框架", LinkKind.ATTACHMENT: "附件", LinkKind.EXTERNAL: "外部链接",
}


EVIDENCE_VALUE_LABELS: Mapping[str, Mapping[str, str]] = {
    "verdict": LINK_VERDICT_LABELS, "kind": {**LINK_KIND_LABELS, **SITE_KIND_LABELS},
    "type": COLUMN_TYPE_LABELS, "column_type": COLUMN_TYPE_LABELS, "source": COLUMN_SOURCE_LABELS,
    "error": FETCH_ERROR_LABELS, "error_kind": FETCH_ERROR_LABELS,
    "dated_by": {"list": "列表页所列日期", "article": "文章页日期"},
    "certainty": {"suspected": "疑似不可用", "confirmed": "确定不可用"},
    "reason": {"unresolvable": "域名无法解析", "parked": "域名停放页", "spam": "垃圾内容"},
    "impact": {"minor": "轻微", "moderate": "中等", "serious": "严重", "critical": "严重（致命）"},
}
"""Evidence values that are codes, translated per key (e.g. ``verdict: dead`` → 死链)."""

EVIDENCE_KEY_LABELS: Mapping[str, str] = {
    "url": "网址", "status": "HTTP 状态码", "verdict": "结论", "error": "错误", "error_kind": "错误类型",
    "seconds": "耗时（秒）", "referrers": "所在页面", "anchor": "链接文字", "text": "文字",
    "latest": "最新发布日期", "latest_date": "最新发布日期", "newest": "最新发布日期",
    "days": "未更新天数", "age_days": "未更新天数", "window_days": "更新时限（天）",
    "limit_days": "更新时限（天）", "today": "监测时间点", "items": "条目数", "dated_items": "有日期条目数",
    "column": "栏目", "column_name": "栏目名称", "column_type": "栏目类型", "column_url": "栏目网址",
    "count": "数量", "threshold": "阈值", "columns": "栏目", "expected": "登记值", "found": "发现值",
    "meta": "页面元数据", "snippet": "页面片段", "check": "检查项", "traceback": "出错位置",
    "kind": "类型", "final_url": "最终网址", "redirects": "跳转链", "fetched_at": "检查时间",
    "checked_at": "检查时间", "site_id_code": "网站标识码", "icp": "ICP备案号",
    "police_filing": "公安机关备案号", "badge": "党政机关网站标识", "unit": "主办单位", "host": "域名",
    "type": "类型", "type_name": "栏目类型", "source": "来源", "latest_title": "最新信息标题",
    "days_since": "距今天数", "newest_date": "最新发布日期", "newest_title": "最新信息标题",
    "newest_url": "最新信息网址", "error_detail": "错误详情", "status_code": "HTTP 状态码",
    "page": "页面", "meta_site_id": "SiteIDCode 元数据", "site_id_codes": "网站标识码",
    "police_filings": "公安机关备案号", "badge_url": "标识链接", "units": "主办单位", "contacts": "联系方式",
    "footer_snippet": "页面底部文字", "registered_site_id": "登记的网站标识码", "home_url": "首页网址",
    "parent_domain": "门户网站域名", "on_home": "首页链接", "referrer_count": "所在页面数",
    "channels": "互动渠道", "loads": "可打开", "has_form": "有留言表单", "external": "外部平台", "name": "名称",
    "title": "标题", "asked": "留言日期", "answered": "答复日期", "status_text": "办理状态", "replier": "答复单位",
    "latency_days": "答复用时（天）", "latency_workdays": "答复用时（工作日）", "limit_workdays": "答复时限（工作日）",
    "messages": "留言", "channel_name": "所在栏目", "survey": "征集调查次数", "interview": "在线访谈次数",
    "missing": "缺少的要素", "empty": "内容为空的要素", "present": "已有要素", "content_type": "文件类型",
    "size": "大小（字节）", "problem": "问题", "policy_url": "政策文件网址", "links_back": "政策文件链接回解读",
    "exists": "页面存在", "lacks": "缺少内容", "pages": "页面", "limit_reached": "抓取达到页面上限",
    "issues": "问题明细", "offset": "位置（第几字）", "length": "字数", "original": "原文", "suggestion": "建议改为",
    "confidence": "可信度", "rule": "依据规则", "context": "上下文", "message": "说明", "issue_count": "问题数",
    "page_title": "页面标题",
    # keys the checks and the persistence layer add (grep ``evidence=`` in govwatch/checks/*.py)
    "unavailable_since": "首次发现不可用日期", "days_unavailable": "已持续不可用（天）", "certainty": "确定程度",
    "rendered": "经浏览器渲染", "urls": "网址", "link": "链接", "links": "链接", "reason": "原因", "period": "周期",
    "ratio": "失败率", "failures": "失败次数", "failed": "失败次数", "probes_counted": "有效探测次数",
    "probes_taken": "探测次数", "probes_expected": "应探测次数", "words": "词语", "word": "词语", "from": "起",
    "to": "止", "headers": "响应头", "grade": "评级", "score": "得分", "posts": "信息", "screenshot": "截图",
    "level": "级别", "path": "路径", "error_message": "错误说明", "in_menu": "位于菜单", "basis": "判断依据",
    "posts_collected": "采集信息数", "sentences": "语句", "texts": "链接文字", "targets": "探测对象",
    "maintenance": "维护时段", "counted": "计入次数", "impact": "影响程度", "tags": "标签", "help": "说明",
    "help_url": "说明链接", "nodes": "页面元素", "entry": "入口", "popups": "弹窗", "dialogs": "对话框",
    "published_at": "发布时间", "post_id": "信息编号", "captured_at": "采集时间", "baseline_digest": "基线摘要",
    "baseline_captured_at": "基线采集时间", "baseline_approved_by": "基线确认人", "approved_by": "确认人",
    "digest": "摘要", "diff": "差异", "excerpt": "摘录", "similarity": "相似度", "markers": "标记", "hiding": "隐藏方式",
    "where": "位置", "target": "目标", "issuer": "签发机构", "not_after": "有效期至", "days_left": "剩余天数",
    "protocol": "协议", "protocols": "协议", "ciphers": "加密套件", "weak": "弱项", "verify_error": "验证错误",
    "hostname_ok": "域名匹配", "https": "HTTPS", "port": "端口", "addresses": "地址", "method": "方法",
    "query": "查询词", "result_url": "结果网址", "result_excerpt": "结果摘要", "sources": "来源", "resources": "资源",
    "script": "脚本", "frame": "内嵌框架", "image": "图片", "style": "样式", "hidden": "隐藏", "names": "名称",
    "emails": "电子邮箱", "email": "电子邮箱", "field": "字段", "label": "标签", "tag": "标签", "sample": "样例",
    "total": "总数", "excluded": "排除项", "excused": "豁免项", "skipped": "跳过项", "veto_ratio": "否决阈值",
    "warn_ratio": "预警阈值", "window_from": "统计起", "window_to": "统计止", "width": "宽度",
    "scroll_width": "页面宽度", "viewport_meta": "视口设置", "h1": "一级标题", "first_bytes": "文件开头",
    "bytes": "字节数", "timeout_seconds": "超时（秒）", "urls_checked": "已检查网址数", "kinds": "类型",
    "seen_at": "发现时间", "ok": "正常", "raw_snippet": "原始片段", "footer": "页面底部", "home": "首页",
    "home_ok": "首页正常", "interpretation": "政策解读", "month": "月份", "week": "周", "form_action": "表单提交地址",
    "mailto": "邮件链接", "mailtos": "邮件链接", "spider_agent": "搜索引擎爬虫标识", "zombie": "僵尸账号",
    "notes": "备注", "reasons": "原因", "snapshot": "快照", "subject": "主题", "key": "键", "code": "代码",
    "dated_by": "日期来源", "insufficient": "样本不足", "recheck": "复核", "next_probe_at": "下次探测时间", "failed_at": "失败时间",
}


def code_label(code: str, rulebook: Rulebook | None = None) -> str:
    """Chinese label of a finding code: the table above, else the rulebook's indicator title, else a
    prefix label with the code, else the code."""
    if code in CODE_LABELS:
        return CODE_LABELS[code]
    if rulebook is not None:
        indicators = rulebook.for_code(code)
        if indicators:
            return indicators[0].title
    for prefix, label in PREFIX_LABELS.items():
        if code.startswith(prefix):
            return f"{label}（{code}）"
    return code


def column_type_label(column_type: str) -> str:
    """Chinese name of a column type ('news' → 动态要闻); unknown types map to 其他."""
    return COLUMN_TYPE_LABELS.get(column_type, COLUMN_TYPE_LABELS[ColumnType.OTHER])


def evidence_key_label(key: str) -> str:
    """Chinese label of an evidence key, or the key itself."""
    return EVIDENCE_KEY_LABELS.get(key, key)


def evidence_value_label(key: str, value: str) -> str:
    """A coded evidence value in Chinese ('verdict', 'dead' → 死链), or the value itself."""
    return EVIDENCE_VALUE_LABELS.get(key, {}).get(value, value)


def num(value: float | int | None) -> str:
    """Points and seconds without trailing zeros: 60.0 → '60', 59.9 → '59.9', 93.333 → '93.33';
    None → '—'."""
    if value is None:
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
