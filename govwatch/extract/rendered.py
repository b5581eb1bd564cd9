"""Facts read from the browser's rendered DOM when the raw HTML lacks them (issue #7 §5): a footer
written by JavaScript (e.g. ``/assets/js/footer.js`` on 上海市卫生健康委员会 pages) shows no identity in
the raw HTML; the same extractor run on the rendered DOM reads it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from govwatch.core.models import Fetch, Page
from govwatch.core.rendered import RenderedPage
from govwatch.extract.facts import IdentityFacts
from govwatch.extract.identity import has_footer_identity, read_identity


def lacks_footer(page: Page) -> bool:
    """True when the raw HTML of ``page`` shows no footer identity (标识码, ICP, 公安备案, badge)."""
    return bool(page.html) and not has_footer_identity(read_identity(page))


def as_page(rendered: RenderedPage, template: Page | None = None) -> Page:
    """A :class:`Page` whose HTML is the rendered DOM (the crawl's fetch kept when ``template`` is given)."""
    if template is not None:
        return replace(template, html=rendered.html)
    fetch = Fetch(url=rendered.url, final_url=rendered.final_url, status=rendered.status, seconds=rendered.seconds,
                  size=len(rendered.html), content_type="text/html", fetched_at=datetime.now(UTC))
    return Page(url=rendered.url, fetch=fetch, html=rendered.html, encoding="utf-8", depth=0)


def rendered_identity(raw: IdentityFacts, rendered: Sequence[RenderedPage]) -> IdentityFacts:
    """``raw`` when it already shows footer identity; else the identity of the first rendered page (in
    sample order: homepage first) whose rendered DOM shows one, marked ``rendered=True``; else ``raw``.
    The SiteIDCode meta is kept from ``raw`` when the rendered page has none."""
    if has_footer_identity(raw):
        return raw
    for page in rendered:
        if page.error or not page.html:
            continue
        facts = read_identity(as_page(page))
        if has_footer_identity(facts):
            return replace(facts, rendered=True, meta_site_id=facts.meta_site_id or raw.meta_site_id)
    return raw
