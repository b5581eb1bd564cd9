"""整改 (issue #4 §3): notices from findings with a deadline in Chinese working days, the unit's response
with attachments, 复查 of exactly the affected pages (on demand and at the deadline), escalation and
notifications. Modules: ``notices`` (create/list/respond/close), ``recheck``, ``workdays``, ``uploads``,
``messages`` (who is told what), ``history`` (HistoryEvent + audit for every state change)."""
