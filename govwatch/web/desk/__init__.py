"""Web views of the ``desk`` area; routes in ``urls.py``, included by govwatch.web.urls."""
