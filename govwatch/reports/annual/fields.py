"""The field list of the 政府网站工作年度报表 (issue #8 §5).

Section names are those of the national form (国办发〔2019〕… 年度报表制度, confirmed); the field rows are a
reconstruction from published forms ([U] in ../shared/indicators/national-2019.md §5). ``auto`` marks the
fields the platform computes from its data (services.ledger.annual); every other field is left blank and
marked 待人工填报 until someone enters it. A computed field may be overwritten by a manual entry.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from govwatch.core.errors import UsageError

MAX_COUNT = 10**12
"""Largest count accepted (a city portal's yearly visits are in the 10⁸ range; 10¹² leaves room)."""
MAX_DECIMAL = Decimal(100000)
"""Largest rate or duration accepted (days of 留言 handling on average)."""
DECIMAL_PLACES = 2
_INTEGER = re.compile(r"^\d{1,13}$")
_DECIMAL = re.compile(r"^\d{1,6}(\.\d{1,2})?$")


@dataclass(frozen=True)
class FieldSpec:
    """One field: stable ``key``, ``section``, Chinese ``label``, ``unit`` of measure ('' for text), and
    whether the platform computes it (``auto``)."""

    key: str
    section: str
    label: str
    unit: str = ""
    auto: bool = False

    @property
    def kind(self) -> str:
        """'decimal' for a duration or rate (unit 天), 'count' for any other field with a unit of measure
        (条, 个, 次 …), 'text' for the rest (names, 是/否 answers, people, dates)."""
        if self.unit == "天":
            return "decimal"
        return "count" if self.unit else "text"


HEADER, INFO, TOPICS, INTERP, SERVICE, INTERACT, SECURITY, NEWMEDIA, INNOVATION, SIGNOFF = (
    "基本信息", "信息发布", "专栏专题", "解读回应", "办事服务", "互动交流", "安全防护", "移动新媒体", "创新发展", "填报信息")
SECTIONS: tuple[str, ...] = (HEADER, INFO, TOPICS, INTERP, SERVICE, INTERACT, SECURITY, NEWMEDIA, INNOVATION, SIGNOFF)


def _f(key: str, section: str, label: str, unit: str = "", auto: bool = False) -> FieldSpec:
    return FieldSpec(key, section, label, unit, auto)


FIELDS: tuple[FieldSpec, ...] = (
    _f("site_name", HEADER, "网站名称", auto=True),
    _f("home_url", HEADER, "首页网址", auto=True),
    _f("unit", HEADER, "主办单位", auto=True),
    _f("site_kind", HEADER, "网站类型", auto=True),
    _f("site_id_code", HEADER, "政府网站标识码", auto=True),
    _f("icp", HEADER, "ICP备案号"),
    _f("psb", HEADER, "公安机关备案号"),
    _f("visitors", HEADER, "独立用户访问总量", "个"),
    _f("visits", HEADER, "网站总访问量", "次"),
    _f("pub_total", INFO, "信息发布总数", "条", True),
    _f("pub_overview", INFO, "概况类信息更新量", "条", True),
    _f("pub_news", INFO, "政务动态信息更新量", "条", True),
    _f("pub_disclosure", INFO, "信息公开目录信息更新量", "条", True),
    _f("topics_maintained", TOPICS, "专栏专题维护数量", "个", True),
    _f("topics_new", TOPICS, "专栏专题新开设数量", "个", True),
    _f("interp_total", INTERP, "解读信息发布总数", "条", True),
    _f("interp_materials", INTERP, "其中：解读材料数量", "条", True),
    _f("interp_products", INTERP, "其中：解读产品数量（政策图解等）", "个", True),
    _f("media_comments", INTERP, "媒体评论文章数量", "篇"),
    _f("hot_responses", INTERP, "回应公众关注热点或重大舆情数量", "次"),
    _f("service_catalog", SERVICE, "是否发布服务事项目录"),
    _f("registered_users", SERVICE, "注册用户数", "个"),
    _f("service_items", SERVICE, "政务服务事项数量", "项"),
    _f("online_items", SERVICE, "可全程在线办理政务服务事项数量", "项"),
    _f("cases_total", SERVICE, "办件量总数", "件"),
    _f("cases_person", SERVICE, "其中：自然人办件量", "件"),
    _f("cases_legal", SERVICE, "其中：法人办件量", "件"),
    _f("unified_platform", INTERACT, "是否使用统一平台"),
    _f("msg_received", INTERACT, "留言办理：收到留言数量", "条", True),
    _f("msg_done", INTERACT, "留言办理：办结留言数量", "条", True),
    _f("msg_avg_days", INTERACT, "留言办理：平均办理时间", "天"),
    _f("msg_public", INTERACT, "留言办理：公开答复数量", "条"),
    _f("survey_rounds", INTERACT, "征集调查：期数", "期", True),
    _f("survey_opinions", INTERACT, "征集调查：收到意见数量", "条"),
    _f("survey_results", INTERACT, "征集调查：公布调查结果期数", "期"),
    _f("interview_rounds", INTERACT, "在线访谈：期数", "期", True),
    _f("interview_messages", INTERACT, "在线访谈：网民留言数量", "条"),
    _f("interview_answers", INTERACT, "在线访谈：答复网民提问数量", "条"),
    _f("smart_qa", INTERACT, "是否提供智能问答功能"),
    _f("sec_checks", SECURITY, "安全检测评估次数", "次", True),
    _f("sec_found", SECURITY, "发现问题数量", "个", True),
    _f("sec_fixed", SECURITY, "问题整改数量", "个", True),
    _f("sec_warning", SECURITY, "是否建立安全监测预警机制"),
    _f("sec_drill", SECURITY, "是否开展应急演练"),
    _f("sec_owner", SECURITY, "是否明确网站安全责任人"),
    _f("has_newmedia", NEWMEDIA, "是否有移动新媒体", auto=True),
    _f("weibo_names", NEWMEDIA, "微博：名称", auto=True),
    _f("weibo_posts", NEWMEDIA, "微博：信息发布量", "条", True),
    _f("weibo_followers", NEWMEDIA, "微博：关注量", "个"),
    _f("wechat_names", NEWMEDIA, "微信：名称", auto=True),
    _f("wechat_posts", NEWMEDIA, "微信：信息发布量", "条", True),
    _f("wechat_subscribers", NEWMEDIA, "微信：订阅数", "个"),
    _f("newmedia_other", NEWMEDIA, "其他移动新媒体", auto=True),
    _f("search_service", INNOVATION, "搜索即服务"),
    _f("multilingual", INNOVATION, "多语言版本"),
    _f("accessible", INNOVATION, "无障碍浏览"),
    _f("personalised", INNOVATION, "千人千网"),
    _f("innovation_other", INNOVATION, "其他创新"),
    _f("head", SIGNOFF, "单位负责人"),
    _f("reviewer", SIGNOFF, "审核人"),
    _f("filler", SIGNOFF, "填报人"),
    _f("phone", SIGNOFF, "联系电话"),
    _f("fill_date", SIGNOFF, "填报日期"),
)
BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
MANUAL_MARK = "待人工填报"


def clean_entry(spec: FieldSpec, text: str) -> str:
    """A manual entry checked against the field's kind and returned in canonical form: counts a whole
    number 0‥``MAX_COUNT`` ('1,234' → '1234'), decimals finite 0‥``MAX_DECIMAL`` with at most two decimal
    places ('2.50' → '2.5'), '' kept (it clears the entry), text stripped and at most 500 characters. UsageError (Chinese, naming the field)
    for anything else: -5, abc, 1.5 for a count, 1e309, 99999999999999999999."""
    value = text.strip()
    if not value:
        return ""  # clears the entry
    if spec.kind == "text":
        if len(value) > 500:
            raise UsageError(f"{spec.label}：最多 500 个字，收到 {len(value)} 个字")
        return value
    plain = value.replace(",", "").replace("，", "")
    if spec.kind == "count":
        if not _INTEGER.match(plain) or int(plain) > MAX_COUNT:
            raise UsageError(f"{spec.label}：应为 0 至 {MAX_COUNT:,} 之间的整数（单位：{spec.unit}），收到：{value[:40]}")
        return str(int(plain))
    if not _DECIMAL.match(plain) or not _finite_within(plain):
        raise UsageError(f"{spec.label}：应为 0 至 {MAX_DECIMAL:,} 之间、最多 {DECIMAL_PLACES} 位小数的数值"
                         f"（单位：{spec.unit}），收到：{value[:40]}")
    number = Decimal(plain)
    return format(number.normalize(), "f") if number else "0"


def _finite_within(plain: str) -> bool:
    try:
        number = Decimal(plain)
    except InvalidOperation:
        return False
    return math.isfinite(float(number)) and Decimal(0) <= number <= MAX_DECIMAL
