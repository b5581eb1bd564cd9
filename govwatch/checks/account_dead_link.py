"""Check ``account.dead_link`` — dead links in an account's posts and menu (菜单栏).

Source: 国办秘函〔2019〕19号 政务新媒体「互动回应差」 asks that menu links work (../shared/indicators §1.4
[C2]); provincial new-media schemes deduct for unusable links (points [U]). The check never fetches:
it takes the link checker's verdicts (``NewMediaContext.link_checks``; only ``dead`` counts — blocked,
timeout and 5xx are not proof) and the WeChat articles the collector found withdrawn
(``CollectResult.gone``: 链接已过期 pages answer 200, so a link checker calls them OK).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from govwatch.checks.newmedia import NewMediaContext, account_label
from govwatch.core.models import Finding, LinkCheck, LinkVerdict

ID = "account.dead_link"


class Params(BaseModel):
    """``max_referrers``: posts listed as evidence per dead link at most."""

    model_config = ConfigDict(extra="forbid")
    max_referrers: int = 20


def _key(url: str) -> str:
    return url.split("#", 1)[0]


def referrers(ctx: NewMediaContext) -> dict[str, list[dict[str, str]]]:
    """Every URL in the account's posts and menu → where it stands (``{"where", "title", "url"}``)."""
    refs: dict[str, list[dict[str, str]]] = {}
    for url in ctx.account.menu_urls:
        refs.setdefault(_key(url), []).append({"where": "menu", "title": "菜单栏", "url": url})
    for post in ctx.collect.posts:
        for url in post.links:
            refs.setdefault(_key(url), []).append({"where": "post", "title": post.title, "url": post.url})
    return refs


def _reason(check: LinkCheck | None) -> tuple[str, int | None]:
    if check is None:
        return "文章已过期或被删除", 200
    if check.fetch.status:
        return f"HTTP {check.fetch.status}", check.fetch.status
    error = check.fetch.error.value if check.fetch.error else ""
    return check.fetch.error_detail or error or "无法访问", None


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """One finding per dead or withdrawn URL referenced by a post or the menu."""
    dead = {_key(c.url): c for c in ctx.link_checks if c.verdict == LinkVerdict.DEAD}
    gone = {_key(u) for u in ctx.collect.gone}
    for url, where in referrers(ctx).items():
        check = dead.get(url)
        if check is None and url not in gone:
            continue
        reason, status = _reason(check)
        in_menu = any(r["where"] == "menu" for r in where)
        place = "菜单栏" if in_menu else f"{len(where)} 条信息"
        yield Finding(
            code=ID, target=ctx.account.key, url=url,
            message=f"{account_label(ctx.account)}{place}中的链接不可用（{reason}）：{url}",
            evidence={"link": url, "reason": reason, "status": status, "in_menu": in_menu,
                      "referrers": where[: params.max_referrers], "referrer_count": len(where)},
            fix="请修复或删除不可用的链接；已删除的文章请同步更新菜单和引用它的信息。",
            count=1,
        )
