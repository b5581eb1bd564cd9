"""Check ``account.proofread`` — the seam where the proofreading engine checks an account's posts.

Source: 国办秘函〔2019〕19号 政务新媒体单项否决「安全、泄密事故等严重问题」: 严重表述错误
(../shared/indicators §1.4 [C2]); typos (错别字) are reported apart. Until the proofreading engine
registers itself with :func:`register_proofreader`, :func:`proofread_posts` returns no findings. The
engine is expected to emit ``account.serious_error`` (严重表述错误, a veto) and ``account.typo``
findings with ``target`` = ``account.key`` and ``url`` = the post's URL; the rulebook counts those codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from govwatch.checks.newmedia import NewMediaContext
from govwatch.core.models import Finding
from govwatch.core.newmedia import AccountSpec, Post

ID = "account.proofread"

#: ``proofreader(account, posts)`` → findings about the posts' text.
Proofreader = Callable[[AccountSpec, Sequence[Post]], Iterable[Finding]]

_proofreader: Proofreader | None = None


class Params(BaseModel):
    """No thresholds of its own: the proofreading engine carries its dictionaries and settings."""

    model_config = ConfigDict(extra="forbid")


def register_proofreader(proofreader: Proofreader | None) -> None:
    """Plug the proofreading engine in (None unplugs it). Wired once by the services layer."""
    global _proofreader
    _proofreader = proofreader


def proofread_posts(account: AccountSpec, posts: Sequence[Post]) -> list[Finding]:
    """The proofreading engine's findings on ``posts``; [] while no engine is registered."""
    if _proofreader is None or not posts:
        return []
    return list(_proofreader(account, posts))


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """Proofread every collected post (see :func:`proofread_posts`)."""
    return proofread_posts(ctx.account, ctx.collect.posts)
