"""Page-number pagination of every API list: ``?page=N&page_size=M`` (default 50, at most 200)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``page_size`` 1–200 (default 50)."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "每页条数（默认 50，最多 200）"
    page_query_description = "页码（从 1 开始）"
    max_page_size = 200
    invalid_page_message = "页码无效"
