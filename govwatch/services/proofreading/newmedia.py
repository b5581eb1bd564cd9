"""The proofreading engine plugged into the new-media checks (``checks.account_proofread`` seam): each
post's title and text are proofread; 严重表述错误 → ``account.serious_error`` (a veto), 错别字 →
``account.typo``; one finding per post and code, ``target`` = the account key, ``url`` = the post URL."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from govwatch.checks.account_proofread import register_proofreader
from govwatch.core.models import Finding
from govwatch.core.newmedia import AccountSpec, Post
from govwatch.proofread.engine import DEFAULT, proofread_text
from govwatch.proofread.issue import SERIOUS, TYPO, Issue
from govwatch.proofread.kb import KnowledgeBase, default_kb

log = logging.getLogger(__name__)

CODES = {SERIOUS: "account.serious_error", TYPO: "account.typo"}
NAMES = {SERIOUS: "严重表述错误", TYPO: "错别字"}
FIXES = {SERIOUS: "立即更正或删除该文章并核查发布审核流程（严重表述错误属单项否决）。",
         TYPO: "请更正所列错别字；常用词、专有名词可加入白名单。"}


def _kb_in_use() -> KnowledgeBase:
    """The database knowledge base when the platform database is reachable, else the bundled one."""
    from django.db import DatabaseError

    from govwatch.services.proofreading.kb import current_kb

    try:
        return current_kb()
    except (DatabaseError, RuntimeError):  # no database here (pure engine use, or tests without one)
        return default_kb()


def _finding(account: AccountSpec, post: Post, kind: str, issues: list[Issue]) -> Finding:
    shown = "；".join(f"「{i.original}」" + (f"应为「{i.suggestion}」" if i.suggestion else "") for i in issues[:5])
    return Finding(code=CODES[kind], target=account.key, url=post.url, count=len(issues), fix=FIXES[kind],
                   message=f"文章「{post.title or post.post_id}」发现{NAMES[kind]}：{shown}"
                           f"{f'等 {len(issues)} 处' if len(issues) > 5 else ''}。",
                   evidence={"post_id": post.post_id, "url": post.url, "title": post.title,
                             "issues": [i.as_dict() for i in issues[:20]]})


def make_post_proofreader(kb: Callable[[], KnowledgeBase] = _kb_in_use, typo: object = DEFAULT
                          ) -> Callable[[AccountSpec, Sequence[Post]], list[Finding]]:
    """A proofreader for the seam; ``kb`` supplies the knowledge base at each call, ``typo`` the backend."""

    def proofread_posts(account: AccountSpec, posts: Sequence[Post]) -> list[Finding]:
        base = kb()
        out: list[Finding] = []
        for post in posts:
            text = "\n".join(t for t in (post.title, post.text) if t)
            if not text.strip():
                continue
            issues = proofread_text(text, base, typo=typo, types=tuple(CODES))
            for kind in CODES:
                mine = [i for i in issues if i.type == kind]
                if mine:
                    out.append(_finding(account, post, kind, mine))
        return out

    return proofread_posts


def install() -> None:
    """Register the engine with the new-media checks (idempotent). Called by the services that run them
    (Celery app, ``govwatch serve``)."""
    register_proofreader(make_post_proofreader())
