"""Use cases of the publication ledger (信息发布台账, issue #8 §3–§5): ``publications`` (hand entries, changes,
crawl matching), ``sync`` (reading a site's columns into the ledger), ``duties`` (栏目责任分工表),
``crosscheck`` (每日核对清单), ``deliverables`` (专题/图解 counters), ``titles`` + ``upstream`` + ``reprints``
+ ``watchlist`` (协同联动 reprint watch), ``annual`` (政府网站工作年度报表), ``export`` (CSV/xlsx)."""
