"""Models of the ``desk`` app (运维工单与值班)."""
