"""Celery app and tasks (DESIGN.md §1 tasks layer): each task loads ids and calls one service.

``from govwatch.tasks.app import app`` configures Django and the app; the tasks live in
``govwatch.tasks.scans`` and are registered when the app module is imported.
"""
