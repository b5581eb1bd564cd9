"""Check ``account.commercial_ad`` — suspected commercial advertising in an account's posts (商业广告).

Source: 国办发〔2018〕123号 政务新媒体不得发布商业广告 ([C]); 宝鸡 2020 通报 treats commercial content
as a 突出问题 ([C2]); whether it is a national veto item is [U] (../shared/indicators §1.4). The word
list is data (``govwatch/rules/data/newmedia-commercial-words.yaml``); a hit whose sentence also holds
an exempt word (谨防, 诈骗, 消费券 …) is a warning or public notice, not an advertisement. One finding
per post, with the words and the sentences as evidence, for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from govwatch.checks.newmedia import NewMediaContext, account_label, post_evidence
from govwatch.core.models import Finding
from govwatch.core.newmedia import Post
from govwatch.rules.rulebook import DATA_DIR

ID = "account.commercial_ad"
WORDS_FILE = DATA_DIR / "newmedia-commercial-words.yaml"
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")


@cache
def _word_lists() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return data


class Params(BaseModel):
    """``words`` advertising phrases and ``exempt`` context words (defaults: the data file);
    ``max_sentences`` sentences quoted per post."""

    model_config = ConfigDict(extra="forbid")
    words: list[str] = Field(default_factory=lambda: list(_word_lists()["words"]))
    exempt: list[str] = Field(default_factory=lambda: list(_word_lists()["exempt"]))
    max_sentences: int = 3


def hits(post: Post, params: Params) -> tuple[list[str], list[str]]:
    """(words found, sentences they stand in) in the post's title and text, exempt sentences skipped."""
    words: list[str] = []
    sentences: list[str] = []
    for sentence in _SENTENCE.findall(f"{post.title}\n{post.text}"):
        found = [w for w in params.words if w in sentence]
        if not found or any(e in sentence for e in params.exempt):
            continue
        words.extend(w for w in found if w not in words)
        if sentence.strip() not in sentences:
            sentences.append(sentence.strip())
    return words, sentences


def run(ctx: NewMediaContext, params: Params) -> Iterable[Finding]:
    """One finding per post with at least one non-exempt advertising phrase."""
    for post in ctx.collect.posts:
        words, sentences = hits(post, params)
        if not words:
            continue
        yield Finding(
            code=ID, target=ctx.account.key, url=post.url or ctx.account.page_url,
            message=(f"{account_label(ctx.account)}发布的信息「{post.title or post.post_id}」疑似含商业广告内容"
                     f"（{'、'.join(words)}），请人工确认。"),
            evidence={**post_evidence(post), "words": words, "sentences": sentences[: params.max_sentences]},
            fix="政务新媒体不得发布商业广告（国办发〔2018〕123号）：请删除相关内容，并关闭流量主等广告功能。",
        )
