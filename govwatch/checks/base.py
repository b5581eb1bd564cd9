"""What every check receives, and the runner that turns a raising check into a ``check.error`` finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govwatch.core.crawl_result import CrawlResult
from govwatch.core.models import SiteSpec
from govwatch.core.rendered import RenderedPage
from govwatch.core.transport import TransportFacts
from govwatch.extract.facts import SiteFacts
from govwatch.proofread.kb import KnowledgeBase


@dataclass(frozen=True)
class ScanContext:
    """The input of a check: the registered ``site``, its ``crawl``, the extracted ``facts`` and
    ``today``, the monitoring point (监测时间点) in the Asia/Shanghai calendar (``--now`` overrides it);
    ``rendered`` the sample of pages a browser pass rendered (empty when the scan ran without one);
    ``transport`` the transport/configuration probe (None when the scan ran without one); ``kb`` the
    proofreading knowledge base (None: the bundled one; the platform passes the operators' version)."""

    site: SiteSpec
    crawl: CrawlResult
    facts: SiteFacts
    today: date
    rendered: tuple[RenderedPage, ...] = ()
    transport: TransportFacts | None = None
    kb: KnowledgeBase | None = None
