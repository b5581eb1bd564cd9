"""Models of the ``security`` app (安全监测基线)."""
