"""Check ``security.defacement`` — 网页篡改: the homepage's stable regions changed a lot since the
baseline, or sensitive words appeared in them.

Source: 国办秘函〔2019〕19号 单项否决「安全、泄密事故等严重问题」item 4 (网站被攻击篡改未及时处置);
国办发〔2017〕47号 安全防护（防篡改）. The baseline (:class:`~govwatch.core.transport.DefacementBaseline`) is
the homepage's stable text, cut by :func:`stable_text` when the site is first scanned with ``--security``
or when an operator approves the current homepage (``govwatch.services.security_baselines``). Stable
text = the title, description/keywords meta and the visible text with the dynamic regions masked:

* elements whose id/class names a dynamic region (news, list, date, time, count, visit, weather, scroll,
  marquee, notice, hot …, see :data:`DYNAMIC_NAMES`), and ``<marquee>``;
* lists and tables that carry a date (news lists);
* in what is left, every date, time and digit run (counters, 访问量, 今天是…).

A finding when the similarity of the stable lines to the baseline's falls below ``min_similarity``
(difflib ratio, default 0.7 [U]), or when words of the spam lists (``rules/data/spam-words.yaml``) or
of ``defacement_words`` ("hacked by", 黑客 …) appear in the stable text while the baseline had none of
them. A news update only changes masked regions, so it never raises one. Evidence: similarity, the
lines removed and added (before/after), a unified diff, the baseline's time and approver, screenshot.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field
from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.checks.base import ScanContext
from govwatch.core.models import Finding
from govwatch.rules.spam_words import default_spam_words

ID = "security.defacement"
DYNAMIC_NAMES = re.compile(
    r"news|xinwen|\bxw|list|\blb\b|dongtai|date|time|shijian|riqi|count|visit|fwl|weather|tianqi|scroll|roll|"
    r"gundong|marquee|notice|tzgg|gonggao|\bhot|redian|slide|lunbo|carousel|swiper|focus|jiaodian|calendar",
    re.IGNORECASE)
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\s*[-/月]\s*\d{1,2}\s*日?|"
                   r"\d{1,2}:\d{2}(?::\d{2})?")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")


class Params(BaseModel):
    """``min_similarity`` below which the stable text counts as changed (0–1); ``defacement_words`` words
    of a defacement notice; ``max_lines`` removed/added lines kept as evidence."""

    model_config = ConfigDict(extra="forbid")
    min_similarity: float = 0.7
    defacement_words: list[str] = Field(default_factory=lambda: ["hacked by", "hacked", "黑客", "被黑", "入侵者", "pwned"])
    max_lines: int = 30


def _dynamic(node: LexborNode) -> bool:
    if node.tag == "marquee":
        return True
    names = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
    if names.strip() and DYNAMIC_NAMES.search(names):
        return True
    if node.tag in ("ul", "ol", "table", "dl", "tbody"):
        return bool(_DATE.search(node.text(separator=" ") or ""))
    return False


def _dynamic_regions(root: LexborNode) -> list[LexborNode]:
    """The outermost dynamic elements under ``root`` (none nested in another)."""
    found: list[LexborNode] = []
    stack = list(root.iter(include_text=False))
    while stack:
        node = stack.pop()
        if _dynamic(node):
            found.append(node)
        else:
            stack.extend(node.iter(include_text=False))
    return found


def _mask(line: str) -> str:
    line = _WEEKDAY.sub("星期#", _DATE.sub("#", line))
    return _SPACE.sub(" ", _DIGITS.sub("#", line)).strip()


def stable_lines(html: str) -> list[str]:
    """The homepage's stable text as lines (see module docstring), masked and whitespace-collapsed."""
    tree = LexborHTMLParser(html or "<html></html>")
    tree.strip_tags(["script", "style", "noscript", "template"])
    lines = []
    title = tree.css_first("title")
    if title is not None:
        lines.append("标题：" + _mask(title.text() or ""))
    for name in ("description", "keywords"):
        meta = tree.css_first(f'meta[name="{name}" i]')
        if meta is not None and meta.attributes.get("content"):
            lines.append(f"{name}：" + _mask(str(meta.attributes.get("content"))))
    body = tree.body
    if body is None:
        return lines
    for node in _dynamic_regions(body):
        node.decompose()
    for raw in (body.text(separator="\n") or "").splitlines():
        line = _mask(raw.replace("\u3000", " ").replace("\xa0", " "))
        if line and line != "#":
            lines.append(line)
    return lines


def stable_text(html: str) -> tuple[str, str]:
    """(stable text, its SHA-256 hex digest) of a homepage: what a baseline stores."""
    text = "\n".join(stable_lines(html))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _words(text: str, params: Params) -> list[str]:
    low = text.lower()
    hits = [m.word for m in default_spam_words().match(text, "")]
    return list(dict.fromkeys(hits + [w for w in params.defacement_words if w.lower() in low]))


def run(ctx: ScanContext, params: Params) -> Iterable[Finding]:
    """One finding when the homepage differs from its baseline (nothing without a baseline or homepage)."""
    t = ctx.transport
    home = ctx.crawl.home
    baseline = t.extra.baseline if t is not None and t.extra is not None else None
    if baseline is None or home is None or not home.fetch.ok or not home.html:
        return
    before, after = baseline.text.splitlines(), stable_lines(home.html)
    similarity = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
    new_words = [w for w in _words("\n".join(after), params) if w not in _words(baseline.text, params)]
    if similarity >= params.min_similarity and not new_words:
        return
    removed = [x for x in before if x not in set(after)][: params.max_lines]
    added = [x for x in after if x not in set(before)][: params.max_lines]
    diff = list(difflib.unified_diff(before, after, "基线", "本次", lineterm="", n=1))[: params.max_lines * 2]
    why = [f"与基线的稳定区域相似度 {similarity:.0%}（低于 {params.min_similarity:.0%}）"] if similarity < params.min_similarity else []
    why += [f"出现敏感词「{'、'.join(new_words)}」"] if new_words else []
    shot = ctx.rendered[0].screenshot if ctx.rendered else ""
    when = baseline.captured_at.isoformat() if baseline.captured_at else ""
    yield Finding(
        code="security.defacement", target=ctx.site.home_url, url=home.fetch.final_url or home.url,
        message=f"首页疑似被篡改：{'；'.join(why)}（基线采集于 {when[:10] or '未知时间'}）。",
        evidence={"similarity": round(similarity, 3), "words": new_words, "before": removed, "after": added,
                  "diff": diff, "baseline_digest": baseline.digest, "baseline_captured_at": when,
                  "baseline_approved_by": baseline.approved_by, "screenshot": shot},
        fix="立即核实首页内容：如系篡改，应断开或恢复网站、保留日志并报告网信和公安部门；如系正常改版，请运维人员重新确认首页基线。",
    )
