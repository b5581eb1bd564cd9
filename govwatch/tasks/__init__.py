"""Celery app and tasks, 3–5 lines each: load ids, call one service (DESIGN.md §1)."""
