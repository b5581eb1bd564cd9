"""Footer identity (底部功能区): 网站标识码, ICP备案号, 公安机关备案号, 党政机关网站标识, 主办单位, contact.

Source: 国办发〔2017〕47号《政府网站发展指引》 — the footer shows 主办单位, 联系方式, 网站标识码, ICP备案编号,
公安机关备案号 and the 党政机关网站标识 (conac badge); the homepage carries ``<meta name="SiteIDCode">``.

The footer is the text of ``<footer>`` elements and elements whose id/class names foot/bottom/copyright
(outermost only); a page without any gives its last ``TAIL_CHARS`` characters of body text instead.
The badge is looked for anywhere on the page (it is an image link to bszs.conac.cn in the footer on
every real page seen). Pages whose footer is written by JavaScript show nothing here: that is a finding
for a browser pass, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import Page
from govwatch.extract.facts import IdentityFacts
from govwatch.extract.html import absolute, base_url, clean, metas, parse, text_of

TAIL_CHARS = 1500
SNIPPET_CHARS = 500
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_SITE_ID = re.compile(r"标识码\s*[:：]?\s*([A-Za-z]{2}\d{8}|\d{10})(?![0-9A-Za-z])")
_ICP = re.compile(rf"[{_PROVINCES}]ICP备\s*\d+\s*号(?:\s*-\s*\d+)?")
_POLICE = re.compile(rf"[{_PROVINCES}]公网安备\s*\d{{14}}\s*号")
_UNIT = re.compile(r"主办(?:单位)?\s*[:：]\s*([^\s|｜,，;；、:：]{2,40})")
_UNIT_STOP = re.compile(r"(承办|协办|主管|版权|技术支持|地址|电话|联系|邮编|网站标识码).*$")
_PHONE = re.compile(r"(?<![\d\-])(?:0\d{2,3}[-－—]?\d{7,8}(?:[-－]\d{1,5})?|1[3-9]\d{9}|400[-－]?\d{3}[-－]?\d{4})(?!\d)")
_ADDRESS = re.compile(r"(?:地址|地\s+址)\s*[:：]\s*([^\s|｜,，;；]{4,60})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FOOTER_SELECTOR = "footer, [id*=foot], [class*=foot], [id*=bottom], [class*=bottom], [class*=copyright], [id*=copyright]"
_BADGE_SELECTOR = (
    "a[href*='conac.cn'], #_ideConac, #imgConac, img[src*='conac'], img[alt*='党政机关'], "
    "img[title*='党政机关'], [aria-label*='党政机关'], script[src*='conac.cn']"
)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    chosen: list[LexborNode] = []
    ids = {node.mem_id for node in nodes}
    for node in nodes:
        parent, nested = node.parent, False
        while parent is not None:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        if not nested:
            chosen.append(node)
    return chosen


def footer_text(tree: LexborHTMLParser) -> str:
    """The footer's text (see module docstring), whitespace collapsed."""
    nodes = _outermost(tree.css(_FOOTER_SELECTOR))
    text = " ".join(text_of(n) for n in nodes if n.tag not in ("html", "body"))
    if text.strip():
        return clean(text)
    return text_of(tree.body)[-TAIL_CHARS:]


def _badge(tree: LexborHTMLParser, base: str) -> tuple[bool, str]:
    """Whether the conac badge is on the page, and the URL it links to ('' if not a link)."""
    found = False
    for node in tree.css(_BADGE_SELECTOR):
        found = True
        link: LexborNode | None = node
        while link is not None and link.tag != "a":
            link = link.parent
        target = link if link is not None else node.css_first("a[href]")
        if target is not None:
            return True, absolute(base, target.attributes.get("href")) or ""
    return found, ""


def _unit(text: str) -> tuple[str, ...]:
    units = []
    for match in _UNIT.finditer(text):
        unit = _UNIT_STOP.sub("", match.group(1)).strip()
        if len(unit) >= 2:
            units.append(unit)
    return _unique(units)


def _contacts(text: str, tree: LexborHTMLParser, base: str) -> tuple[str, ...]:
    found = [m.group(0) for m in _PHONE.finditer(text)]
    found += [m.group(1) for m in _ADDRESS.finditer(text)]
    found += [m.group(0) for m in _EMAIL.finditer(text)]
    if not found:  # a 联系我们 page linked from the footer also gives the contact (47号 联系方式)
        for link in tree.css("a[href]"):
            if "联系我们" in text_of(link):
                url = absolute(base, link.attributes.get("href"))
                if url:
                    found.append(f"联系我们：{url}")
                    break
    return _unique(clean(f) for f in found)


def read_identity(page: Page) -> IdentityFacts:
    """Identity facts of one page (empty facts for a page without HTML)."""
    if not page.html:
        return IdentityFacts(page_url=page.url)
    tree = parse(page.html)
    base = base_url(page, tree)
    text = footer_text(tree)
    badge, badge_url = _badge(tree, base)
    return IdentityFacts(
        page_url=page.fetch.final_url or page.url,
        site_id_codes=_unique(m.group(1) for m in _SITE_ID.finditer(text)),
        meta_site_id=metas(tree).get("siteidcode", ""),
        icp=_unique(re.sub(r"\s+", "", m.group(0)) for m in _ICP.finditer(text)),
        police_filings=_unique(re.sub(r"\s+", " ", m.group(0)) for m in _POLICE.finditer(text)),
        badge=badge,
        badge_url=badge_url,
        units=_unit(text),
        contacts=_contacts(text, tree, base),
        snippet=text[:SNIPPET_CHARS],
    )


def has_footer_identity(facts: IdentityFacts) -> bool:
    """True when the page shows any footer identity (标识码, ICP, 公安备案 or the badge)."""
    return bool(facts.site_id_codes or facts.icp or facts.police_filings or facts.badge)


def site_identity(crawl: CrawlResult) -> IdentityFacts:
    """The homepage's identity; if its footer shows none, the first crawled page's that does (its
    ``page_url`` says which); the homepage's (possibly empty) facts when no page shows any. The
    SiteIDCode meta comes from the chosen page, else from the homepage."""
    home = crawl.home
    home_facts = read_identity(home) if home is not None else IdentityFacts()
    if has_footer_identity(home_facts):
        return home_facts
    for page in crawl.pages:
        if page is home or not page.fetch.ok:
            continue
        facts = read_identity(page)
        if has_footer_identity(facts):
            if not facts.meta_site_id and home_facts.meta_site_id:
                return replace(facts, meta_site_id=home_facts.meta_site_id)
            return facts
    return home_facts
