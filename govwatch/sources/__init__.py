"""New-media collectors (政务新媒体采集): RSS/Atom feeds, the Weibo container API, WeChat article pages
and xlsx/csv imports → :class:`~govwatch.core.Post` records in a :class:`~govwatch.core.CollectResult`.

Layer: beside ``govwatch.crawl``; imports only ``govwatch.core`` and ``govwatch.rules`` of ours.
Every request to one host goes through a per-host limiter; every failure is a result, never an exception.
"""

from govwatch.sources.collect import collect_account, collect_accounts, collect_all
from govwatch.sources.http import Answer, CollectorSettings, HttpClient
from govwatch.sources.importer import ImportResult, RowProblem, import_posts, read_export
from govwatch.sources.limiter import HostLimiter
from govwatch.sources.rss import collect_feed, parse_feed
from govwatch.sources.wechat import Gone, collect_wechat_articles, parse_article
from govwatch.sources.weibo import WeiboEndpoints, WeiboOptions, collect_weibo

__all__ = [
    "Answer", "CollectorSettings", "Gone", "HostLimiter", "HttpClient", "ImportResult", "RowProblem",
    "WeiboEndpoints", "WeiboOptions", "collect_account", "collect_accounts", "collect_all", "collect_feed",
    "collect_wechat_articles", "collect_weibo", "import_posts", "parse_article", "parse_feed", "read_export",
]
