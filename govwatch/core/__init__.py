"""Core value types, errors and clock: imports nothing of ours (DESIGN.md §1)."""

from govwatch.core.crawl_result import CrawlResult, CrawlStats
from govwatch.core.errors import GovwatchError, RulebookError, UsageError
from govwatch.core.models import (
    Column,
    ColumnSpec,
    ColumnType,
    DatedItem,
    Fetch,
    FetchError,
    Finding,
    Link,
    LinkCheck,
    LinkKind,
    LinkVerdict,
    Page,
    SiteSpec,
)

__all__ = [
    "Column", "ColumnSpec", "ColumnType", "CrawlResult", "CrawlStats", "DatedItem", "Fetch", "FetchError",
    "Finding", "GovwatchError", "Link", "LinkCheck", "LinkKind", "LinkVerdict", "Page", "RulebookError",
    "SiteSpec", "UsageError",
]

from govwatch.core.score import FAIL, PASS, IndicatorResult, Score  # noqa: E402

__all__ += ["FAIL", "IndicatorResult", "PASS", "Score"]

from govwatch.core.newmedia import (  # noqa: E402
    AccountSpec,
    CollectErrorKind,
    CollectResult,
    Platform,
    Post,
)

__all__ += ["AccountSpec", "CollectErrorKind", "CollectResult", "Platform", "Post"]
