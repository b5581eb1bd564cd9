"""Models of the ``bulletins`` app (通报与报告)."""
