"""Models of the ``ledger`` app (信息发布台账)."""
