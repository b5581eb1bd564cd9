"""The JSON API (issue #4 §6) under ``/api/v1/``: read-only, token or session auth, scoped per user
exactly as the web pages are (``services.access.Actor``); OpenAPI 3 schema at ``/api/schema/``, docs at
``/api/docs/``."""
