"""OpenAPI post-processing (SPECTACULAR_SETTINGS' POSTPROCESSING_HOOKS): Chinese descriptions for every
component, property and security scheme, instead of the serializers' English docstrings."""

from __future__ import annotations

from typing import Any

COMPONENTS = {
    "Unit": "主办单位", "Site": "政府网站", "SiteRef": "网站（简要）", "Finding": "网站问题（含证据与整改建议）",
    "FindingRef": "整改事项对应的问题", "Score": "网站某一周期的得分、结论与排名", "Account": "政务新媒体账号",
    "AccountRef": "政务新媒体账号（简要）", "AccountFinding": "政务新媒体账号的问题",
    "Rectification": "整改通知", "RectificationDetail": "整改通知（含整改事项与单位反馈）",
    "RectificationItem": "整改事项：一条问题的整改状态与复查结果", "Response": "主办单位的整改反馈",
}
PAGINATED = "分页结果：count 为总条数，next / previous 为相邻页地址（没有时为 null），results 为本页记录"
FIELDS = {"id": "编号", "item_count": "整改事项数", "attachments": "附件文件名", "count": "总条数",
          "next": "下一页地址", "previous": "上一页地址", "results": "本页记录"}
SECURITY = {"tokenAuth": "API 令牌：请求头 Authorization: Token <令牌>（用 govwatch api-token 用户名 生成）",
            "cookieAuth": "浏览器登录后的会话（sessionid Cookie）"}


def _describe(name: str, component: dict[str, Any]) -> None:
    if name.startswith("Paginated"):
        component["description"] = PAGINATED
    elif name in COMPONENTS:
        component["description"] = COMPONENTS[name]
    elif name == "BlankEnum":
        component["description"] = "空值（未填写）"
    for field, prop in component.get("properties", {}).items():
        text = prop.get("description") or prop.get("title") or FIELDS.get(field)
        if text:
            prop["description"] = text


def chinese(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """The hook: fill Chinese descriptions into ``result`` (the schema dict) and return it."""
    components = result.get("components", {})
    for name, component in components.get("schemas", {}).items():
        _describe(name, component)
    for name, scheme in components.get("securitySchemes", {}).items():
        if name in SECURITY:
            scheme["description"] = SECURITY[name]
    return result
