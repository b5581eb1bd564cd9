"""Models of the ``rectify`` app (整改)."""
